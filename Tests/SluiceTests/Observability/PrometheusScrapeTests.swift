import Foundation
import Queue
import Testing

/// A real Prometheus scrapes the four running services and evaluates Sluice's alert rules; PromQL through its HTTP
/// API answers the queue depth and oldest-job age the test created.
@Suite struct PrometheusScrapeTests {
    @Test func prometheusScrapesTheServicesAndAnswersTheQueueTheTestMade() async throws {
        try await TestDatabase.with { db in
            let stack = try await ServiceStack.start(db, environment: ["sluice-worker": ["SLUICE_WORKER_QUEUES": "default"]])
            // Seven due jobs in a queue no worker serves, the oldest due for 300 s.
            let jobs = try await db.queue.enqueue((0..<7).map { _ in NewJob(kind: "report", queue: "reports") })
            try await db.execute("UPDATE jobs SET run_at = now() - interval '300 seconds' WHERE id = \(jobs[0].id)")

            let rules = ServiceProcess.repositoryRoot.appendingPathComponent("observability/prometheus/rules/sluice.rules.yml")
            let alerts = try String(contentsOf: rules, encoding: .utf8).components(separatedBy: "- alert: ").count - 1
            let prometheus = try await PrometheusServer(
                targets: stack.ports.mapValues { "127.0.0.1:\($0)" }, ruleFiles: [rules])

            try await poll("Prometheus to scrape all four services") {
                try await prometheus.value(#"count(up{job=~"sluice-.*"} == 1)"#) == 4
            }
            var depth: Double?
            try await poll("sluice_queue_depth of the test's queue in Prometheus") {
                depth = try await prometheus.value(#"sluice_queue_depth{queue="reports"}"#)
                return depth == 7
            }
            #expect(depth == 7)
            let age = try #require(try await prometheus.value(#"max(sluice_queue_oldest_due_job_age_seconds{queue="reports"})"#))
            #expect(age >= 300 && age < 400)
            let labels = try #require(try await prometheus.query(#"sluice_queue_depth{queue="reports"}"#).first?.labels)
            #expect(labels["job"] == "sluice-metrics")

            // Every rule evaluates against the real series without an error.
            var health: [String: String] = [:]
            try await poll("every alert rule to be evaluated") {
                health = try await prometheus.ruleHealth()
                return health.count == alerts && health.values.allSatisfy { $0 != "unknown" }
            }
            #expect(health.filter { $0.value != "ok" }.isEmpty, "rules in error: \(health.filter { $0.value != "ok" })")

            try await prometheus.stop()
            try await stack.stop()
        }
    }
}
