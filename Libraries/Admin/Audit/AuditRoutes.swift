import Common
import Foundation
import Hummingbird
import PostgresNIO

/// `/v1/audit` (JSON, paged) and `/v1/audit.csv` (the same filters, every row, RFC 4180 CSV).
struct AuditRoutes {
    let services: AdminServices
    static let csvLimit = 100_000

    struct Filter {
        var actorUserID: Int64?
        var action: String?
        var since: Date?
        var until: Date?

        init(_ request: Request) throws {
            let query = request.uri.queryParameters
            if let actor = query["actor_user_id"] {
                guard let id = Int64(String(actor)) else { throw InvalidInput("actor_user_id", "must be a user id") }
                actorUserID = id
            }
            action = query["action"].map(String.init)
            since = try query["since"].map { try JobRoutes.date(String($0), field: "since") }
            until = try query["until"].map { try JobRoutes.date(String($0), field: "until") }
        }
    }

    func add(to group: RouterGroup<AdminContext>) {
        group.get("/audit") { request, context in
            try context.require(.read)
            let page = try Page(request)
            let rows = try await entries(try Filter(request), before: page.before, limit: page.limit, logger: context.logger)
            return page.response(rows, ids: rows.compactMap { $0["id"] as? Int64 })
        }
        group.get("/audit.csv") { request, context in
            try context.require(.read)
            let rows = try await entries(try Filter(request), before: .max, limit: Self.csvLimit, logger: context.logger)
            let columns = ["id", "at", "actor", "actor_user_id", "actor_key_id", "action", "resource_type", "resource_id", "request_id", "client_address", "payload"]
            var csv = columns.joined(separator: ",") + "\r\n"
            for row in rows {
                csv += columns.map { Self.csvField(JSONResponse.plain(row[$0] ?? nil)) }.joined(separator: ",") + "\r\n"
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: #"attachment; filename="audit.csv""#],
                body: .init(byteBuffer: ByteBuffer(string: csv))
            )
        }
    }

    private func entries(_ filter: Filter, before: Int64, limit: Int, logger: Logger) async throws -> [[String: Any?]] {
        let rows = try await services.client.query(
            """
            SELECT id, at, actor, actor_user_id, actor_key_id, action, resource_type, resource_id, request_id, client_address, payload::text
            FROM audit_log
            WHERE id < \(before) AND (\(filter.actorUserID)::int8 IS NULL OR actor_user_id = \(filter.actorUserID))
              AND (\(filter.action)::text IS NULL OR action = \(filter.action))
              AND (\(filter.since)::timestamptz IS NULL OR at >= \(filter.since)) AND (\(filter.until)::timestamptz IS NULL OR at < \(filter.until))
            ORDER BY id DESC LIMIT \(limit)
            """,
            logger: logger
        )
        var entries: [[String: Any?]] = []
        for try await (id, at, actor, userID, keyID, action, type, resourceID, requestID, address, payload) in rows.decode(
            (Int64, Date, String, Int64?, Int64?, String, String, String?, String?, String?, String).self
        ) {
            entries.append([
                "id": id, "at": at, "actor": actor, "actor_user_id": userID, "actor_key_id": keyID, "action": action, "resource_type": type,
                "resource_id": resourceID, "request_id": requestID, "client_address": address, "payload": JSONResponse.raw(payload),
            ])
        }
        return entries
    }

    /// One CSV field: quoted when it holds a comma, quote or line break; objects as JSON.
    static func csvField(_ value: Any) -> String {
        let text: String
        switch value {
        case _ where JSONValue.isNull(value): text = ""
        case let string as String: text = string
        case let object as [String: Any]:
            text = (try? SortedJSON.string(object)) ?? ""
        default: text = "\(value)"
        }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
