import Foundation
import PostgresNIO
import Queue
import Testing
import Webhooks

/// The issue's scripted scenario run by the real services, not by SQL: a real worker runs jobs (some complete,
/// some fail into the DLQ, two stay running) and is then killed with SIGKILL, so its heartbeat goes stale with its
/// jobs still leased; the real receiver accepts and rejects events. The exporter shows all of it.
@Suite struct ScenarioMetricsTests {
    @Test func theExporterShowsAKilledWorkerFailedJobsAndReceivedEvents() async throws {
        try await TestDatabase.with { db in
            let target = TargetServer()
            try await target.run { base in
                let stack = try await ServiceStack.start(
                    db, services: ["sluice-webhooks", "sluice-worker", "sluice-metrics"],
                    environment: ["sluice-worker": ["SLUICE_WORKER_QUEUES": "default", "SLUICE_WORKER_CONCURRENCY": "4", "SLUICE_WORKER_LEASE": "3"]]
                )
                let secret = try await SourceStore(client: db.client, schema: db.schema, box: stack.box, logger: db.logger)
                    .add(NewSource(name: "shop", scheme: .standard)).secret

                func http(_ path: String, attempts: Int = 25) -> NewJob {
                    NewJob(kind: "http", payload: #"{"url":"\#(base)\#(path)","timeout_seconds":120}"#, maxAttempts: attempts)
                }
                _ = try await db.queue.enqueue([http("/hold"), http("/hold"), http("/fail", attempts: 1), http("/fail", attempts: 1)])
                _ = try await db.queue.enqueue((0..<3).map { _ in NewJob(kind: "noop") })
                try await poll("the worker to complete 3 jobs, discard 2 and hold 2") {
                    let done = try await db.scalar("SELECT count(*)::int FROM job_history", as: Int.self)
                    return done == 5 && target.count("/hold") == 2
                }
                let workerID = try await db.scalar("SELECT id FROM workers", as: String.self)
                let worker = try #require(stack.processes["sluice-worker"])
                worker.signal(SIGKILL)
                _ = try await worker.waitForExit()

                // Jobs no running worker serves: due ones (the oldest due for 100 s) and one scheduled for later.
                let mail = try await db.queue.enqueue((0..<4).map { _ in NewJob(kind: "email", queue: "mail") })
                _ = try await db.queue.enqueue(NewJob(kind: "email", queue: "mail", runAt: Date().addingTimeInterval(3600)))
                try await db.execute("UPDATE jobs SET run_at = now() - interval '100 seconds' WHERE id = \(mail[0].id)")

                let body = #"{"type":"order.paid"}"#
                let signed = try WebhookFixture.signed(body, secret: secret).map { ($0.name.rawName, $0.value) }
                #expect(try await stack.hook("shop", body, headers: signed) == 202)
                let other = try WebhookFixture.signed(body, secret: secret).map { ($0.name.rawName, $0.value) }
                #expect(try await stack.hook("shop", body, headers: other) == 202)
                let forged = try WebhookFixture.signed(body, secret: "whsec_" + Data(repeating: 7, count: 24).base64EncodedString())
                #expect(try await stack.hook("shop", body, headers: forged.map { ($0.name.rawName, $0.value) }) == 401)
                #expect(try await stack.hook("nowhere", body, headers: signed) == 404)

                var metrics = ScrapedMetrics("")
                try await poll("the exporter to show the killed worker's heartbeat as stale") {
                    metrics = try await stack.scrape("sluice-metrics")
                    return (metrics[#"sluice_worker_heartbeat_age_seconds{worker_id="\#(workerID)"}"#] ?? 0) >= 3
                        && metrics[#"sluice_inbound_events{source="shop",status="received"}"#] == 2
                }
                #expect(metrics["sluice_database_up"] == 1)
                #expect(metrics["sluice_workers"] == 1)
                #expect(metrics[#"sluice_worker_running_jobs{worker_id="\#(workerID)"}"#] == 2)
                #expect(metrics[#"sluice_worker_concurrency{worker_id="\#(workerID)"}"#] == 4)
                #expect(metrics[#"sluice_jobs{queue="default",kind="http",state="running"}"#] == 2)
                // Nothing of the worker's queue is due any more: its depth and age series are gone.
                #expect(metrics[#"sluice_queue_depth{queue="default"}"#] == nil)
                #expect(metrics[#"sluice_queue_oldest_due_job_age_seconds{queue="default"}"#] == nil)
                #expect(metrics[#"sluice_dlq_jobs{queue="default",kind="http"}"#] == 2)
                #expect(metrics[#"sluice_jobs_discarded_total{queue="default",kind="http"}"#] == 2)
                #expect(metrics[#"sluice_jobs_completed_total{queue="default",kind="noop"}"#] == 3)
                #expect(metrics[#"sluice_jobs{queue="mail",kind="email",state="available"}"#] == 4)
                #expect(metrics[#"sluice_jobs{queue="mail",kind="email",state="scheduled"}"#] == 1)
                #expect(metrics[#"sluice_queue_depth{queue="mail"}"#] == 4)
                let age = try #require(metrics[#"sluice_queue_oldest_due_job_age_seconds{queue="mail"}"#])
                #expect(age >= 100 && age < 160)
                // Each stored event waits for its processing job; the rejected ones stored nothing.
                #expect(metrics[#"sluice_jobs{queue="webhooks",kind="\#(EventJobs.processKind)",state="available"}"#] == 2)
                #expect(metrics[#"sluice_queue_depth{queue="webhooks"}"#] == 2)
                #expect(metrics[#"sluice_inbound_events{source="shop",status="failed"}"#] ?? 0 == 0)
                #expect(!metrics.text.contains("nowhere"))

                // The heartbeat keeps ageing while the killed worker's jobs stay leased to it.
                let first = try #require(metrics[#"sluice_worker_heartbeat_age_seconds{worker_id="\#(workerID)"}"#])
                try await poll("the stale heartbeat to keep growing") {
                    metrics = try await stack.scrape("sluice-metrics")
                    return (metrics[#"sluice_worker_heartbeat_age_seconds{worker_id="\#(workerID)"}"#] ?? 0) >= first + 1
                }
                #expect(metrics[#"sluice_worker_running_jobs{worker_id="\#(workerID)"}"#] == 2)
                target.gate.open()
                try await stack.stop()
            }
        }
    }
}
