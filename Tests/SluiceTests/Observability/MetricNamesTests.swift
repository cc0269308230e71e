import Foundation
import Outbound
import Queue
import Testing
import Webhooks

/// The metric names the alert rules, the dashboards and the runbook use are ones the running services emit, and
/// every family they emit has `# HELP`. The four services run and serve traffic of each kind (API requests, inbound
/// events accepted and rejected, jobs, an outbound delivery), so that series with labels exist; then one scrape of
/// each goes to scripts/lib/observability_check.py, which compares.
@Suite struct MetricNamesTests {
    @Test func everyMetricTheRulesDashboardsAndRunbookUseIsEmittedWithHelp() async throws {
        try await TestDatabase.with { db in
            let target = TargetServer()
            try await target.run { base in
                // Counting exactly up to 100 rows only, so that the 150 jobs below make the exporter sample `jobs`; leases of
                // 1.5 s, renewed every 0.5 s, so that the one-second job below renews its lease.
                let stack = try await ServiceStack.start(
                    db, environment: ["sluice-metrics": ["SLUICE_METRICS_EXACT_LIMIT": "100"], "sluice-worker": ["SLUICE_WORKER_LEASE": "1.5"]])
                #expect(try await stack.get("sluice-api", "/healthz") == 200)
                #expect(try await stack.get("sluice-api", "/v1/jobs") == 401)

                let secret = try await SourceStore(client: db.client, schema: db.schema, box: stack.box, logger: db.logger)
                    .add(NewSource(name: "shop", scheme: .standard)).secret
                let body = #"{"type":"order.paid"}"#
                let signed = try WebhookFixture.signed(body, secret: secret).map { ($0.name.rawName, $0.value) }
                #expect(try await stack.hook("shop", body, headers: signed) == 202)
                let forged = try WebhookFixture.signed(body, secret: "whsec_" + Data(repeating: 7, count: 24).base64EncodedString())
                #expect(try await stack.hook("shop", body, headers: forged.map { ($0.name.rawName, $0.value) }) == 401)

                let application = try await ApplicationStore(client: db.client, logger: db.logger).create(uid: "acme", ApplicationChange(name: "Acme"))
                _ = try await EndpointStore(client: db.client, box: stack.box, logger: db.logger)
                    .create(applicationID: application.id, EndpointChange(url: "\(base)/ok"))
                _ = try await MessageStore(queue: db.queue, logger: db.logger).publish(to: application, eventType: "order.created", payload: "{}")
                _ = try await db.queue.enqueue(NewJob(kind: "noop"))
                _ = try await db.queue.enqueue(NewJob(kind: "http", payload: #"{"url":"\#(base)/fail"}"#, maxAttempts: 1))
                _ = try await db.queue.enqueue(NewJob(kind: "http", payload: #"{"url":"\#(base)/slow"}"#))
                _ = try await db.queue.enqueue((0..<150).map { _ in NewJob(kind: "report", queue: "unserved") })

                try await poll("the worker to run the jobs, the event's processing and the delivery, and to discard the failing job") {
                    let finished = try await db.scalar("SELECT count(*)::int FROM job_history", as: Int.self)
                    return finished >= 5 && target.count("/ok") >= 1
                }
                let snapshotFamilies = [
                    "sluice_jobs", "sluice_queue_depth", "sluice_dlq_jobs", "sluice_jobs_completed_total", "sluice_inbound_events",
                    "sluice_outbound_deliveries", "sluice_exporter_estimated",
                ]
                try await poll("the exporter's snapshot to hold every kind of row") {
                    let metrics = try await stack.scrape("sluice-metrics")
                    return snapshotFamilies.allSatisfy { metrics.has($0) }
                }
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scrapes-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: folder) }
                var files: [String] = []
                try await poll("the worker to publish the finished jobs' and the delivery's metrics") {
                    try await stack.scrape("sluice-worker").has("sluice_outbound_deliveries_total")
                }
                for service in ServiceStack.all {
                    let file = folder.appendingPathComponent("\(service).txt")
                    try await stack.scrape(service).text.write(to: file, atomically: true, encoding: .utf8)
                    files.append(file.path)
                }

                let checker = ServiceProcess.repositoryRoot.appendingPathComponent("scripts/lib/observability_check.py")
                let result = try Python.run(file: checker, arguments: ["names", ServiceProcess.repositoryRoot.path] + files)
                #expect(result.status == 0, "observability_check.py names:\n\(result.output)")
                try await stack.stop()
            }
        }
    }
}
