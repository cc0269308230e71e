import Admin
import Crypto
import Foundation
import HTTPTypes
import Queue
import Testing
import Worker

/// `/v1/queues`, job results and logs through the admin API, and `sluice-api queues`, against a real database.
@Suite struct QueueRoutesTests {
    @Test func adminsPauseLimitAndResumeViewersSeeItAndEveryChangeIsAudited() async throws {
        try await TestDatabase.with { db in
            let fixture = AdminFixture(db: db)
            let admin = try await fixture.key(.admin)
            let viewer = try await fixture.key(.viewer)
            _ = try await db.queue.enqueue((0..<3).map { _ in NewJob(kind: "noop", queue: "mail") })
            try await fixture.withAPI { client in
                let (paused, body, _) = try await client.api(.post, "/v1/queues/mail/pause", key: admin, body: #"{"kind":"send"}"#)
                #expect(paused == .ok)
                let summary = try #require(body as? [String: Any])
                #expect(summary["paused_kinds"] as? [String] == ["send"] && summary["paused"] as? Bool == false && summary["depth"] as? Int == 3)
                #expect(try await client.api(.put, "/v1/queues/mail/limit", key: admin, body: #"{"max_running":4}"#).0 == .ok)
                #expect(try await client.api(.put, "/v1/queues/mail/limit", key: admin, body: #"{"max_running":2,"kind":"send"}"#).0 == .ok)
                #expect(try await client.api(.post, "/v1/queues/mail/pause", key: viewer, body: "{}").0 == .forbidden)

                let (listed, list, _) = try await client.api(.get, "/v1/queues", key: viewer)
                #expect(listed == .ok)
                let mail = try #require(((list as? [String: Any])?["data"] as? [[String: Any]])?.first { $0["queue"] as? String == "mail" })
                #expect(mail["limit"] as? Int == 4 && mail["running"] as? Int == 0 && mail["oldest_due_age_seconds"] is Double)
                #expect((mail["kind_limits"] as? [[String: Any]])?.first?["max_running"] as? Int == 2)

                let (_, health, _) = try await client.api(.get, "/v1/health", key: viewer)
                let pausedRows = try #require((health as? [String: Any])?["paused"] as? [[String: Any]])
                #expect(pausedRows.count == 1 && pausedRows.first?["kind"] as? String == "send")

                #expect(try await client.api(.delete, "/v1/queues/mail/limit?kind=send", key: admin).0 == .ok)
                let (_, resumed, _) = try await client.api(.post, "/v1/queues/mail/resume", key: admin, body: #"{"kind":"send"}"#)
                let after = try #require(resumed as? [String: Any])
                #expect((after["paused_kinds"] as? [String])?.isEmpty == true && after["limit"] as? Int == 4 && (after["kind_limits"] as? [Any])?.isEmpty == true)
            }
            let actions = try await db.scalar("SELECT string_agg(action || ':' || resource_id, ',' ORDER BY id) FROM audit_log", as: String.self)
            #expect(actions == "queue.pause:mail,queue.limit_set:mail,queue.limit_set:mail,queue.limit_remove:mail,queue.resume:mail")
        }
    }

    @Test func badQueueNamesKindsAndLimitsAreRefusedNamingTheField() async throws {
        try await TestDatabase.with { db in
            let fixture = AdminFixture(db: db)
            let admin = try await fixture.key(.admin)
            try await fixture.withAPI { client in
                let cases: [(HTTPRequest.Method, String, String, String)] = [
                    (.post, "/v1/queues/NOT%20OK/pause", "{}", "queue"),
                    (.post, "/v1/queues/mail/pause", #"{"kind":""}"#, "kind"),
                    (.put, "/v1/queues/mail/limit", #"{"max_running":0}"#, "max_running"),
                    (.put, "/v1/queues/mail/limit", "{}", "max_running"),
                    (.delete, "/v1/queues/mail/limit?kind=", "", "kind"),
                ]
                for (method, path, body, field) in cases {
                    let (status, json, _) = try await client.api(method, path, key: admin, body: body)
                    let error = (json as? [String: Any])?["error"] as? [String: Any]
                    #expect(status == .badRequest, "\(method) \(path)")
                    #expect((error?["message"] as? String)?.hasPrefix(field + " ") == true, "\(method) \(path): \(String(describing: error))")
                }
            }
            #expect(try await db.queue.controls().rows.isEmpty)
            #expect(try await db.scalar("SELECT count(*) FROM audit_log", as: Int.self) == 0)
        }
    }

    @Test func aJobShowsItsTimeoutResultAndLogsAlsoFromHistory() async throws {
        try await TestDatabase.with { db in
            let fixture = AdminFixture(db: db)
            let admin = try await fixture.key(.admin)
            try await fixture.withAPI { client in
                let (created, body, _) = try await client.api(
                    .post, "/v1/jobs", key: admin, body: #"{"kind":"reporting","payload":{"lines":2},"timeout_seconds":30}"#)
                #expect(created == .created)
                let id = try #require((body as? [String: Any])?["id"] as? Int)
                #expect((body as? [String: Any])?["timeout_seconds"] as? Int == 30)
                #expect((body as? [String: Any])?["result"] is NSNull)
                try await db.withWorker([ReportingHandler()]) {
                    try await poll("the job to complete") { try await db.queue.job(Int64(id))?.state == .completed }
                    try await poll("its lines to be written") { try await db.queue.logs(jobID: Int64(id)).count == 2 }
                }
                let (_, job, _) = try await client.api(.get, "/v1/jobs/\(id)", key: admin)
                #expect(((job as? [String: Any])?["result"] as? [String: Any])?["status"] as? String == "done")
                let (status, logs, _) = try await client.api(.get, "/v1/jobs/\(id)/logs", key: admin)
                #expect(status == .ok)
                let lines = try #require((logs as? [String: Any])?["data"] as? [[String: Any]])
                // The first line is cut to 2 KiB at a character boundary: 7 bytes of "line 0 ", then 1,020 two-byte characters.
                #expect(lines.map { $0["message"] as? String } == ["line 0 " + String(repeating: "é", count: 1020), "line 1 é"])
                #expect(lines.allSatisfy { $0["attempt"] as? Int == 1 && $0["at"] is String })
                #expect(try await client.api(.get, "/v1/jobs/987654/logs", key: admin).0 == .notFound)
            }
        }
    }

    @Test func operatorCommandsPauseListLimitAndResume() async throws {
        try await TestDatabase.with { db in
            let key = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
            let environment = ["DATABASE_URL": db.url, "SLUICE_DB_SCHEMA": db.schema, "SLUICE_SECRET_KEY": key]
            func run(_ arguments: String...) async throws -> (Int32, String) {
                let process = try ServiceProcess("sluice-api", arguments: ["queues"] + arguments, environment: environment)
                return (try await process.waitForExit(), process.log)
            }
            _ = try await db.queue.enqueue(NewJob(kind: "noop", queue: "mail"))
            #expect(try await run("pause", "mail").0 == 0)
            #expect(try await run("limit", "mail", "--kind", "send", "--max", "3").0 == 0)
            let (listed, output) = try await run("list")
            #expect(listed == 0)
            #expect(output.contains("mail\t1\t0\t") && output.contains("\ttrue\t\t-\tsend=3"), "\(output)")
            let (refused, message) = try await run("pause", "Bad Name")
            #expect(refused == 1 && message.contains("error: queue must be"))
            #expect(try await run("resume", "mail").0 == 0)
            #expect(try await run("limit", "mail", "--kind", "send", "--remove").0 == 0)
            #expect(try await db.queue.controls().rows.isEmpty)
        }
    }
}
