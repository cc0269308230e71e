import Foundation
import PostgresNIO
import Queue
import Testing

/// A real `sluice-metrics` process over a scripted scenario: every exporter metric appears with its value, and a
/// series whose rows go away leaves the output.
@Suite struct ExporterProcessTests {
    @Test func everyExporterMetricShowsTheScenario() async throws {
        try await TestDatabase.with { db in
            let fresh = try await db.queue.enqueue(
                (0..<5).map { _ in NewJob(kind: "noop") } + (0..<3).map { _ in NewJob(kind: "email", queue: "mail") })
            _ = try await db.queue.enqueue(NewJob(kind: "noop", runAt: Date().addingTimeInterval(3600)))
            let running = try await db.queue.claim(workerID: "w-live", queues: ["default"], limit: 2, lease: .seconds(300))
            let mail = try await db.queue.claim(workerID: "w-live", queues: ["mail"], limit: 2, lease: .seconds(300))
            #expect(running.count == 2 && mail.count == 2)
            _ = try await db.queue.complete([mail[0].id], workerID: "w-live")
            try await db.queue.fail([JobFailure(id: mail[1].id, error: "bad address", retryIn: .zero, discard: true)], workerID: "w-live")
            let oldest = try #require(fresh.first { job in !running.contains { $0.id == job.id } })
            try await db.execute("UPDATE jobs SET run_at = now() - interval '100 seconds' WHERE id = \(oldest.id)")
            try await db.queue.heartbeat(workerID: "w-live", hostname: "h", pid: 1, queues: ["default", "mail"], concurrency: 4)
            try await db.queue.heartbeat(workerID: "w-stale", hostname: "h", pid: 2, queues: ["default"], concurrency: 2)
            try await db.execute("UPDATE workers SET heartbeat_at = now() - interval '90 seconds' WHERE id = 'w-stale'")
            try await db.execute(
                """
                WITH s AS (INSERT INTO sources (name, scheme) VALUES ('shop', 'github') RETURNING id)
                INSERT INTO webhook_events (source_id, external_id, body, status)
                SELECT s.id, e.id, '\\x00', e.status FROM s, (VALUES ('1', 'received'), ('2', 'received'), ('3', 'failed')) e(id, status)
                """
            )
            try await db.execute(
                """
                WITH a AS (INSERT INTO applications (uid, name) VALUES ('acme', 'Acme') RETURNING id),
                e AS (INSERT INTO endpoints (application_id, url, enabled) SELECT id, 'https://acme.test/hook', false FROM a RETURNING id),
                m AS (INSERT INTO messages (application_id, event_type, payload) SELECT id, 'order.paid', '{}' FROM a RETURNING id)
                INSERT INTO deliveries (message_id, endpoint_id, status) SELECT m.id, e.id, 'failed' FROM m, e
                """
            )

            let exporter = try ServiceProcess(
                "sluice-metrics",
                environment: [
                    "DATABASE_URL": db.url, "SLUICE_DB_SCHEMA": db.schema, "HTTP_HOST": "127.0.0.1", "HTTP_PORT": "0",
                    "LOG_LEVEL": "info", "SLUICE_METRICS_REFRESH": "0.2",
                ]
            )
            let port = try await exporter.listeningPort()
            var metrics = ScrapedMetrics("")
            try await poll("the first snapshot") {
                metrics = try await ScrapedMetrics.scrape(port: port)
                return metrics["sluice_database_up"] == 1
            }

            #expect(metrics[#"sluice_jobs{queue="default",kind="noop",state="available"}"#] == 3)
            #expect(metrics[#"sluice_jobs{queue="default",kind="noop",state="scheduled"}"#] == 1)
            #expect(metrics[#"sluice_jobs{queue="default",kind="noop",state="running"}"#] == 2)
            #expect(metrics[#"sluice_jobs{queue="mail",kind="email",state="available"}"#] == 1)
            #expect(metrics[#"sluice_queue_depth{queue="default"}"#] == 3)
            #expect(metrics[#"sluice_queue_depth{queue="mail"}"#] == 1)
            let age = try #require(metrics[#"sluice_queue_oldest_due_job_age_seconds{queue="default"}"#])
            #expect(age >= 100 && age < 160)
            #expect(metrics[#"sluice_dlq_jobs{queue="mail",kind="email"}"#] == 1)
            #expect(metrics[#"sluice_jobs_completed_total{queue="mail",kind="email"}"#] == 1)
            #expect(metrics[#"sluice_jobs_discarded_total{queue="mail",kind="email"}"#] == 1)
            #expect(metrics[#"sluice_jobs_cancelled_total{queue="mail",kind="email"}"#] == 0)
            #expect(metrics["sluice_workers"] == 2)
            let stale = try #require(metrics[#"sluice_worker_heartbeat_age_seconds{worker_id="w-stale"}"#])
            #expect(stale >= 90 && stale < 150)
            #expect(try #require(metrics[#"sluice_worker_heartbeat_age_seconds{worker_id="w-live"}"#]) < 60)
            #expect(metrics[#"sluice_worker_running_jobs{worker_id="w-live"}"#] == 2)
            #expect(metrics[#"sluice_worker_running_jobs{worker_id="w-stale"}"#] == 0)
            #expect(metrics[#"sluice_worker_concurrency{worker_id="w-live"}"#] == 4)
            #expect(metrics[#"sluice_worker_concurrency{worker_id="w-stale"}"#] == 2)
            #expect(metrics[#"sluice_inbound_events{source="shop",status="received"}"#] == 2)
            #expect(metrics[#"sluice_inbound_events{source="shop",status="failed"}"#] == 1)
            #expect(metrics[#"sluice_outbound_deliveries{status="failed"}"#] == 1)
            #expect(metrics["sluice_outbound_endpoints_disabled"] == 1)
            #expect(try #require(metrics["sluice_database_size_bytes"]) > 1_000_000)
            #expect(try #require(metrics[#"sluice_database_connections{state="active"}"#]) >= 1)
            #expect(metrics.has("sluice_table_dead_tuples"))
            #expect(metrics[#"sluice_table_dead_tuples{table="jobs"}"#] != nil)
            #expect(try #require(metrics["sluice_exporter_refresh_duration_seconds"]) < 5)
            #expect(try #require(metrics["sluice_exporter_snapshot_age_seconds"]) < 5)
            #expect(!metrics.has("sluice_exporter_estimated"))
            #expect(metrics.unhelped.isEmpty, "no # HELP for \(metrics.unhelped)")
            metrics.expectPlausibleProcessMetrics()
            // A scrape is counted once answered: the next one shows it.
            let again = try await ScrapedMetrics.scrape(port: port)
            #expect(try #require(again[#"sluice_http_requests_total{route="/metrics",method="GET",status_class="2xx"}"#]) >= 1)

            // A worker that deregisters, a queue that empties: their series go.
            try await db.queue.deregister(workerID: "w-live")
            try await db.execute("DELETE FROM jobs WHERE queue = 'mail'")
            try await poll("the deregistered worker and the emptied queue to leave the output") {
                metrics = try await ScrapedMetrics.scrape(port: port)
                return !metrics.text.contains("w-live") && !metrics.text.contains(#"queue_depth{queue="mail"}"#)
            }
            #expect(metrics["sluice_workers"] == 1)
            #expect(metrics[#"sluice_jobs{queue="mail",kind="email",state="available"}"#] == nil)
            #expect(metrics[#"sluice_jobs_completed_total{queue="mail",kind="email"}"#] == 1)

            exporter.signal(SIGTERM)
            #expect(try await exporter.waitForExit() == 0)
        }
    }

    @Test func longTransactionsAndHeldXminShow() async throws {
        try await TestDatabase.with { db in
            let exporter = try ServiceProcess(
                "sluice-metrics",
                environment: [
                    "DATABASE_URL": db.url, "SLUICE_DB_SCHEMA": db.schema, "HTTP_HOST": "127.0.0.1", "HTTP_PORT": "0",
                    "LOG_LEVEL": "info", "SLUICE_METRICS_REFRESH": "0.2",
                ]
            )
            let port = try await exporter.listeningPort()
            try await db.client.transaction(logger: db.logger) { connection in
                _ = try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", logger: db.logger).collect()
                _ = try await connection.query("SELECT count(*) FROM jobs", logger: db.logger).collect()
                for _ in 0..<5 { try await db.execute("SELECT txid_current()") }
                try await poll("the open transaction and its xmin to show") {
                    let metrics = try await ScrapedMetrics.scrape(port: port)
                    return (metrics["sluice_database_longest_transaction_seconds"] ?? 0) >= 1
                        && (metrics["sluice_database_oldest_xmin_age_transactions"] ?? 0) >= 5
                }
            }
            exporter.signal(SIGTERM)
            #expect(try await exporter.waitForExit() == 0)
        }
    }

    @Test func anUnreachableDatabaseShowsDownAndAnAgeingSnapshot() async throws {
        let exporter = try ServiceProcess(
            "sluice-metrics",
            environment: [
                "DATABASE_URL": "postgres://sluice@127.0.0.1:1/sluice?sslmode=disable", "HTTP_HOST": "127.0.0.1", "HTTP_PORT": "0",
                "LOG_LEVEL": "info", "SLUICE_METRICS_REFRESH": "0.2",
            ]
        )
        let port = try await exporter.listeningPort()
        var metrics = ScrapedMetrics("")
        try await poll("the failed refresh to show", timeout: .seconds(40)) {
            metrics = try await ScrapedMetrics.scrape(port: port)
            return metrics["sluice_database_up"] == 0
        }
        #expect(try #require(metrics["sluice_exporter_snapshot_age_seconds"]) >= 1)
        #expect(!metrics.has("sluice_jobs") && !metrics.has("sluice_workers"))

        // /readyz throws "database unavailable": counted with the 503 it was answered with.
        #expect(try await ServiceMetricsTests.send(port, .GET, "/readyz") == 503)
        metrics = try await ScrapedMetrics.scrape(port: port)
        #expect(metrics[#"sluice_http_requests_total{route="/readyz",method="GET",status_class="5xx"}"#] == 1)
        #expect(metrics[#"sluice_http_request_duration_seconds_count{route="/readyz",method="GET"}"#] == 1)
        exporter.signal(SIGTERM)
        #expect(try await exporter.waitForExit() == 0)
    }
}
