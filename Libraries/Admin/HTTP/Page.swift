import Foundation
import Hummingbird

/// Cursor pagination over ids in descending order: a page holds rows older than the cursor, so rows inserted
/// while a client pages through never shift the pages it has not read yet.
public struct Page: Sendable {
    public let limit: Int
    /// Rows with an id below this one; `Int64.max` for the first page.
    public let before: Int64

    static let defaultLimit = 50
    static let maxLimit = 500

    public init(_ request: Request) throws {
        let query = request.uri.queryParameters
        if let raw = query["limit"] {
            guard let limit = Int(String(raw)), (1...Self.maxLimit).contains(limit) else {
                throw InvalidInput("limit", "must be an integer in 1...\(Self.maxLimit)")
            }
            self.limit = limit
        } else {
            self.limit = Self.defaultLimit
        }
        if let cursor = query["cursor"] {
            // Only what `next_cursor` can hold (the document's pattern): 1-18 digits without a sign or a leading zero.
            guard cursor.utf8.count <= 18, cursor.first != "0", cursor.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let before = Int64(String(cursor)) else {
                throw InvalidInput("cursor", "is not a cursor this API gave out")
            }
            self.before = before
        } else {
            self.before = .max
        }
    }

    /// The page's answer: `data`, and `next_cursor` when more rows may follow.
    public func response(_ rows: [[String: Any?]], ids: [Int64]) -> Response {
        let next: Any? = rows.count == limit ? ids.last.map { String($0) } : nil
        return JSONResponse.make(.ok, ["data": rows, "next_cursor": next])
    }
}
