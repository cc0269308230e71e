import Admin
import Foundation
import HTTPTypes
import Queue
import Testing

@Suite struct BulkRoutesTests {
    @Test func bulkRetryOfTenThousandDiscardedJobsWhileAWorkerDrainsRetriesEachOnce() async throws {
        try await TestDatabase.with { db in
            try await BulkTests.seedDiscarded(db, count: 10_000, error: "partner down")
            for _ in 0..<20 { _ = try await db.queue.enqueue((0..<1000).map { _ in NewJob(kind: "noop") }) }
            let worker = try ServiceProcess.worker(db, ["SLUICE_WORKER_CONCURRENCY": "50", "SLUICE_WORKER_BATCH_SIZE": "50"])
            let fixture = AdminFixture(db: db)
            let admin = try await fixture.key(.admin)
            try await poll("the worker to start draining") { try await db.scalar("SELECT count(*) FROM job_history WHERE state = 'completed'", as: Int.self) > 0 }
            try await fixture.withAPI { client in
                let (status, json, headers) = try await client.api(
                    .post, "/v1/jobs/bulk", key: admin, body: #"{"action":"retry","filter":{"state":"discarded","error_contains":"PARTNER"}}"#
                )
                #expect(status == .ok, "\(String(describing: json))")
                let report = try #require(json as? [String: Any])
                #expect(report["matched"] as? Int == 10_000)
                #expect(report["affected"] as? Int == 10_000)
                #expect(report["capped"] as? Bool == false)
                let othersLeft = try await db.scalar("SELECT count(*) FROM jobs WHERE errors = '[]'", as: Int.self)
                #expect(othersLeft > 0, "the worker was still draining the other jobs while the retry ran")
                let requestID = try #require(headers[HTTPField.Name("X-Request-Id")!])
                let audit = try await db.scalar(
                    "SELECT payload->>'affected' || ' ' || (payload->'filter'->>'error_contains') FROM audit_log WHERE request_id = \(requestID) AND action = 'job.bulk_retry'",
                    as: String.self
                )
                #expect(audit == "10000 PARTNER")
            }
            try await poll("all 30,000 jobs to complete", timeout: .seconds(180)) {
                try await db.scalar("SELECT count(*) FROM job_history WHERE state = 'completed'", as: Int.self) == 30_000
            }
            worker.signal(SIGTERM)
            #expect(try await worker.waitForExit() == 0)
            // Each completion counts once: a job retried twice would have run twice.
            #expect(try await db.queue.counters().first?.completed == 30_000)
            #expect(try await db.scalar("SELECT count(*) FROM job_history WHERE state = 'completed' AND attempt = 1 AND jsonb_array_length(errors) = 1", as: Int.self) == 10_000)
            #expect(try await db.scalar("SELECT count(*) FROM job_history WHERE state = 'discarded'", as: Int.self) == 0)
        }
    }

    @Test func dlqBulkDryRunIdsAndBadInput() async throws {
        try await TestDatabase.with { db in
            try await BulkTests.seedDiscarded(db, count: 4, kind: "mail")
            let ids = try await db.client.query("SELECT id FROM job_history ORDER BY id", logger: db.logger).decode(Int64.self).reduce(into: [Int64]()) { $0.append($1) }
            let fixture = AdminFixture(db: db)
            let admin = try await fixture.key(.admin)
            let viewer = try await fixture.key(.viewer)
            try await fixture.withAPI { client in
                let dry = try await client.api(.post, "/v1/dlq/bulk", key: admin, body: #"{"action":"requeue","filter":{"kind":"mail"},"dry_run":true}"#)
                #expect(dry.0 == .ok)
                #expect((dry.1 as? [String: Any])?["matched"] as? Int == 4)
                #expect((dry.1 as? [String: Any])?["affected"] as? Int == 0)
                let requeue = try await client.api(.post, "/v1/dlq/bulk", key: admin, body: #"{"action":"requeue","reset_attempts":false,"ids":[\#(ids[0]),\#(ids[1])]}"#)
                #expect((requeue.1 as? [String: Any])?["affected"] as? Int == 2)
                #expect(try await db.scalar("SELECT count(*) FROM jobs WHERE attempt = 2", as: Int.self) == 2)
                let delete = try await client.api(.post, "/v1/dlq/bulk", key: admin, body: #"{"action":"delete","filter":{}}"#)
                #expect((delete.1 as? [String: Any])?["affected"] as? Int == 2)
                #expect(try await db.scalar("SELECT count(*) FROM job_history", as: Int.self) == 0)

                let refusals: [(String, String, String)] = [
                    ("/v1/jobs/bulk", #"{"action":"explode","filter":{}}"#, "action"),
                    ("/v1/jobs/bulk", #"{"action":"retry"}"#, "filter"),
                    ("/v1/jobs/bulk", #"{"action":"retry","filter":{"state":"gone"}}"#, "filter.state"),
                    ("/v1/jobs/bulk", #"{"action":"retry","filter":{"created_after":"yesterday"}}"#, "filter.created_after"),
                    ("/v1/jobs/bulk", #"{"action":"retry","filter":[1]}"#, "filter"),
                    ("/v1/dlq/bulk", #"{"action":"requeue","ids":["a"]}"#, "ids"),
                    ("/v1/dlq/bulk", #"{"action":"requeue","ids":[-9223372036854775809]}"#, "ids"),
                    ("/v1/dlq/bulk", #"{"action":"retry","ids":[1]}"#, "action"),
                ]
                for (path, body, field) in refusals {
                    let (status, json, _) = try await client.api(.post, path, key: admin, body: body)
                    #expect(status == .badRequest, "\(body)")
                    let message = ((json as? [String: Any])?["error"] as? [String: Any])?["message"] as? String
                    #expect(message?.hasPrefix(field + " ") == true, "\(body): \(String(describing: message))")
                }
                #expect(try await client.api(.post, "/v1/jobs/bulk", key: viewer, body: #"{"action":"delete","filter":{}}"#).0 == .forbidden)
                #expect(try await db.scalar("SELECT count(*) FROM audit_log WHERE action LIKE 'dlq.bulk_%'", as: Int.self) == 3)
            }
        }
    }

    @Test func jobsCarryTagsThroughTheAPIAndListByTag() async throws {
        try await TestDatabase.with { db in
            let fixture = AdminFixture(db: db)
            let admin = try await fixture.key(.admin)
            try await fixture.withAPI { client in
                let created = try await client.api(.post, "/v1/jobs", key: admin, body: #"{"kind":"noop","tags":["tenant:9","urgent"]}"#)
                #expect(created.0 == .created)
                #expect((created.1 as? [String: Any])?["tags"] as? [String] == ["tenant:9", "urgent"])
                _ = try await client.api(.post, "/v1/jobs", key: admin, body: #"{"kind":"noop"}"#)
                let listed = try await client.api(.get, "/v1/jobs?tag=urgent", key: admin)
                #expect(((listed.1 as? [String: Any])?["data"] as? [Any])?.count == 1)
                let bad = try await client.api(.post, "/v1/jobs/batch", key: admin, body: #"{"jobs":[{"kind":"noop"},{"kind":"noop","tags":["ok",""]}]}"#)
                #expect(bad.0 == .badRequest)
                let message = ((bad.1 as? [String: Any])?["error"] as? [String: Any])?["message"] as? String
                #expect(message?.hasPrefix("jobs[1].tags[1] ") == true, "\(String(describing: message))")
                let notList = try await client.api(.post, "/v1/jobs", key: admin, body: #"{"kind":"noop","tags":"urgent"}"#)
                #expect(notList.0 == .badRequest)
                #expect(try await db.scalar("SELECT count(*) FROM jobs", as: Int.self) == 2)
            }
        }
    }
}
