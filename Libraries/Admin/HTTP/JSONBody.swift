import Common
import Foundation
import Hummingbird

/// A JSON object request body read field by field, so every refusal names the field at fault.
public struct JSONBody {
    let object: [String: Any]

    static let maxSize = 1 << 20

    public init(_ request: Request, context: AdminContext) async throws {
        var request = request
        let buffer = try await request.collectBody(upTo: Self.maxSize)
        guard buffer.readableBytes > 0 else {
            self.object = [:]
            return
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any] else {
            throw InvalidInput("body", "must be a JSON object")
        }
        self.object = object
    }

    init(object: [String: Any]) {
        self.object = object
    }

    func has(_ field: String) -> Bool { object[field].map { !JSONValue.isNull($0) } ?? false }

    public func string(_ field: String, maxLength: Int = 1024) throws -> String? {
        guard has(field) else { return nil }
        guard let value = object[field] as? String, !value.isEmpty, value.unicodeScalars.count <= maxLength, !value.unicodeScalars.contains("\u{0}") else {
            throw InvalidInput(field, "must be a non-empty string of at most \(maxLength) characters, without NUL")
        }
        return value
    }

    public func requiredString(_ field: String, maxLength: Int = 1024) throws -> String {
        guard let value = try string(field, maxLength: maxLength) else { throw InvalidInput(field, "is required") }
        return value
    }

    public func int(_ field: String, in range: ClosedRange<Int>) throws -> Int? {
        guard has(field) else { return nil }
        guard let number = object[field] as? NSNumber, !Self.isBoolean(number), let value = Int(exactly: number), range.contains(value) else {
            throw InvalidInput(field, "must be an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    public func bool(_ field: String) throws -> Bool? {
        guard has(field) else { return nil }
        guard let number = object[field] as? NSNumber, Self.isBoolean(number) else { throw InvalidInput(field, "must be true or false") }
        return number.boolValue
    }

    /// A list of strings; `allowEmpty` admits `[]` (for a field where the empty list means "none").
    public func strings(_ field: String, maxCount: Int = 100, allowEmpty: Bool = false) throws -> [String]? {
        guard has(field) else { return nil }
        guard let values = object[field] as? [String], allowEmpty || !values.isEmpty, values.count <= maxCount,
            values.allSatisfy({ !$0.isEmpty && $0.unicodeScalars.count <= 200 && !$0.unicodeScalars.contains("\u{0}") })
        else {
            throw InvalidInput(field, "must be a list of \(allowEmpty ? 0 : 1)-\(maxCount) non-empty strings")
        }
        return values
    }

    /// A timestamp in RFC 3339 / ISO 8601.
    public func date(_ field: String) throws -> Date? {
        guard has(field) else { return nil }
        guard let text = object[field] as? String, let date = ISO8601.parse(text) else {
            throw InvalidInput(field, "must be an RFC 3339 timestamp such as 2026-01-31T12:00:00Z")
        }
        return date
    }

    /// Any JSON value, as JSON text. PostgreSQL's jsonb cannot hold NUL characters, so they are refused.
    public func json(_ field: String) throws -> String? {
        guard let value = object[field] else { return nil }
        let text = try SortedJSON.string(value)
        guard !text.contains("\\u0000") else { throw InvalidInput(field, "must not contain NUL characters") }
        return text
    }

    /// JSON booleans arrive as `NSNumber` too; on Linux `is Bool` also matches 0 and 1, so ask for the type code.
    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    public func objects(_ field: String, maxCount: Int) throws -> [JSONBody] {
        guard let values = object[field] as? [[String: Any]], !values.isEmpty, values.count <= maxCount else {
            throw InvalidInput(field, "must be a list of 1-\(maxCount) objects")
        }
        return values.map(JSONBody.init(object:))
    }
}
