import Admin
import Foundation
import HTTPTypes
import PostgresNIO
import Testing

@Suite struct AuditTests {
    @Test func everyMutationWritesOneRedactedAuditRowWithItsRequestID() async throws {
        try await TestDatabase.with { db in
            let fixture = AdminFixture(db: db)
            let admin = try await fixture.key(.admin)
            try await fixture.withAPI { client in
                let calls: [(HTTPRequest.Method, String, String, String)] = [
                    (.post, "/v1/jobs", #"{"kind":"noop","payload":{"password":"hunter2"}}"#, "job.enqueue"),
                    (.post, "/v1/jobs/batch", #"{"jobs":[{"kind":"noop"},{"kind":"noop"}]}"#, "job.enqueue_batch"),
                    (.post, "/v1/sources", #"{"name":"shop","scheme":"github","secret":"s3cr3t-value"}"#, "source.create"),
                    (.post, "/v1/sources/shop/rotate-secret", #"{"overlap_seconds":60}"#, "source.rotate_secret"),
                    (.post, "/v1/routes", #"{"source":"shop","target_url":"https://example.com/in"}"#, "route.create"),
                    (.patch, "/v1/sources/shop", #"{"enabled":false}"#, "source.update"),
                ]
                for (method, path, body, action) in calls {
                    let (status, json, headers) = try await client.api(method, path, key: admin, body: body)
                    #expect(status.code < 300, "\(path): \(String(describing: json))")
                    let requestID = try #require(headers[HTTPField.Name("X-Request-Id")!])
                    let rows = try await db.client.query(
                        "SELECT action, actor, payload::text FROM audit_log WHERE request_id = \(requestID)", logger: db.logger
                    ).decode((String, String, String).self).reduce(into: [(String, String, String)]()) { $0.append($1) }
                    #expect(rows.count == 1, "\(action)")
                    #expect(rows.first?.0 == action)
                    #expect(rows.first?.1.hasSuffix("@example.com") == true)
                }
                let everything = try await db.scalar("SELECT string_agg(payload::text, ' ') FROM audit_log", as: String.self)
                #expect(!everything.contains("hunter2"))
                #expect(!everything.contains("s3cr3t-value"))
                #expect(!everything.contains("whsec_"))
                let failed = try await client.api(.post, "/v1/jobs", key: admin, body: #"{"kind":""}"#)
                #expect(failed.0 == .badRequest)
                #expect(try await db.scalar("SELECT count(*) FROM audit_log", as: Int.self) == calls.count)
            }
        }
    }

    @Test func csvExportParsesWithAStandardParser() async throws {
        try await TestDatabase.with { db in
            let fixture = AdminFixture(db: db)
            let admin = try await fixture.key(.admin)
            try await fixture.withAPI { client in
                for name in ["a", "b"] {
                    _ = try await client.api(.post, "/v1/jobs", key: admin, body: #"{"kind":"noop, with \"quotes\"\nand a line \#(name)"}"#)
                }
                let csv = try await client.execute(uri: "/v1/audit.csv", method: .get, headers: AdminFixture.bearer(admin)) { response in
                    #expect(response.headers[.contentType]?.hasPrefix("text/csv") == true)
                    return String(buffer: response.body)
                }
                let parsed = try Self.parseWithPython(csv)
                #expect(parsed.count == 3)
                #expect(parsed[0].first == "id")
                #expect(parsed.dropFirst().allSatisfy { $0.count == parsed[0].count })
                #expect(parsed.dropFirst().allSatisfy { $0[5] == "job.enqueue" })
            }
        }
    }

    @Test func paginationReturnsEveryRowOnceWhileRowsAreInserted() async throws {
        try await TestDatabase.with { db in
            let fixture = AdminFixture(db: db)
            let admin = try await fixture.key(.admin)
            let existing = try await db.queue.enqueue((0..<60).map { _ in .init(kind: "noop") }).map(\.id)
            try await fixture.withAPI { client in
                var seen: [Int64] = []
                var cursor: String?
                repeat {
                    _ = try await db.queue.enqueue(.init(kind: "noop"))
                    let uri = "/v1/jobs?limit=7" + (cursor.map { "&cursor=\($0)" } ?? "")
                    let page = try #require(try await client.api(.get, uri, key: admin).1 as? [String: Any])
                    seen += (page["data"] as? [[String: Any]] ?? []).compactMap { ($0["id"] as? Int).map(Int64.init) }
                    cursor = page["next_cursor"] as? String
                } while cursor != nil
                #expect(Set(seen).count == seen.count)
                #expect(Set(existing).isSubset(of: Set(seen)))
            }
        }
    }

    /// Python's csv module, the reference parser.
    static func parseWithPython(_ csv: String) throws -> [[String]] {
        let parsed = try Python.run("import csv, json, sys; print(json.dumps(list(csv.reader(sys.stdin))))", input: Data(csv.utf8))
        return try JSONDecoder().decode([[String]].self, from: Data(parsed.output.utf8))
    }
}
