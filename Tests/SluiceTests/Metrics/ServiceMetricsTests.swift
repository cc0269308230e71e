import AsyncHTTPClient
import Crypto
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import Queue
import Testing
import Webhooks

/// Each service's own `/metrics`, from a real process on a real database: requests by route template (never the
/// raw path), the answer a thrown error got, process metrics, and the receiver's and the worker's own metrics.
@Suite struct ServiceMetricsTests {
    @Test func receiverCountsAnswersByRouteTemplateSourceAndOutcome() async throws {
        try await TestDatabase.with { db in
            let key = SymmetricKey(size: .bits256)
            let sources = SourceStore(client: db.client, schema: db.schema, box: SecretBox(key: key), logger: db.logger)
            let secret = try await sources.add(NewSource(name: "shop", scheme: .standard)).secret
            let receiver = try ServiceProcess.service(
                "sluice-webhooks", db, ["SLUICE_SECRET_KEY": key.withUnsafeBytes { Data($0).base64EncodedString() }])
            let port = try await receiver.listeningPort()

            let body = #"{"type":"order.created"}"#
            let signed = try WebhookFixture.signed(body, id: "msg_1", secret: secret)
            let forged = try WebhookFixture.signed(body, id: "msg_2", secret: "whsec_" + Data(repeating: 7, count: 24).base64EncodedString())
            #expect(try await Self.send(port, .POST, "/hooks/shop", headers: signed, body: body) == 202)
            #expect(try await Self.send(port, .POST, "/hooks/shop", headers: signed, body: body) == 200)
            #expect(try await Self.send(port, .POST, "/hooks/shop", headers: forged, body: body) == 401)
            #expect(try await Self.send(port, .POST, "/hooks/made-up-4711", headers: signed, body: body) == 404)
            #expect(try await Self.send(port, .GET, "/no/such/path-4712") == 404)

            let metrics = try await ScrapedMetrics.scrape(port: port)
            let hooks = #"route="/hooks/{source}",method="POST""#
            #expect(metrics["sluice_http_requests_total{\(hooks),status_class=\"2xx\"}"] == 2)
            #expect(metrics["sluice_http_requests_total{\(hooks),status_class=\"4xx\"}"] == 2)
            #expect(metrics[#"sluice_http_requests_total{route="unmatched",method="GET",status_class="4xx"}"#] == 1)
            #expect(metrics["sluice_http_request_duration_seconds_count{\(hooks)}"] == 4)
            #expect(metrics["sluice_http_requests_in_flight"] == 1, "the scrape itself")
            #expect(!metrics.text.contains("4711") && !metrics.text.contains("4712") && !metrics.text.contains("/hooks/shop"))

            #expect(metrics[#"sluice_webhooks_received_total{source="shop",outcome="accepted"}"#] == 1)
            #expect(metrics[#"sluice_webhooks_received_total{source="shop",outcome="duplicate"}"#] == 1)
            #expect(metrics[#"sluice_webhooks_received_total{source="shop",outcome="invalid_signature"}"#] == 1)
            #expect(metrics[#"sluice_webhooks_received_total{source="unknown",outcome="unknown_source"}"#] == 1)
            let batches = try #require(metrics["sluice_webhooks_write_batch_size_count"])
            #expect(batches >= 1 && batches <= 2)
            #expect(metrics["sluice_webhooks_write_batch_size_sum"] == 2, "the stored event and its duplicate")
            #expect(metrics["sluice_webhooks_write_duration_seconds_count"] == batches)
            #expect(try #require(metrics["sluice_webhooks_write_duration_seconds_sum"]) > 0)
            #expect(metrics.types["sluice_webhooks_write_duration_seconds"] == "histogram")
            metrics.expectPlausibleProcessMetrics()
            #expect(metrics.unhelped.isEmpty, "no # HELP for \(metrics.unhelped)")

            receiver.signal(SIGTERM)
            #expect(try await receiver.waitForExit() == 0)
        }
    }

    @Test func workerCountsJobsByQueueKindAndOutcomeAfterADrain() async throws {
        try await TestDatabase.with { db in
            let noop = try await db.queue.enqueue((0..<20).map { _ in NewJob(kind: "noop") })
            // Kinds without a handler fail: three discarded at once, one retried and then discarded.
            _ = try await db.queue.enqueue((0..<3).map { _ in NewJob(kind: "mystery", maxAttempts: 1) } + [NewJob(kind: "riddle", maxAttempts: 2)])
            try await db.execute("UPDATE jobs SET created_at = now() - interval '10 seconds', run_at = now() - interval '10 seconds' WHERE id = \(noop[0].id)")
            let worker = try ServiceProcess.worker(db, ["LOG_LEVEL": "info", "SLUICE_WORKER_CONCURRENCY": "8"])
            let port = try await worker.listeningPort()

            let finished = #"sluice_worker_jobs_finished_total{queue="default",kind="#
            var metrics = ScrapedMetrics("")
            try await poll("the drain to show") {
                metrics = try await ScrapedMetrics.scrape(port: port)
                return metrics[finished + #""noop",outcome="completed"}"#] == 20 && metrics[finished + #""other",outcome="discarded"}"#] == 4
            }
            #expect(metrics[#"sluice_worker_jobs_started_total{queue="default",kind="noop"}"#] == 20)
            #expect(metrics[#"sluice_worker_jobs_started_total{queue="default",kind="other"}"#] == 5)
            #expect(metrics[finished + #""other",outcome="retried"}"#] == 1)
            #expect(metrics[finished + #""noop",outcome="discarded"}"#] == 0)
            #expect(!metrics.text.contains("mystery") && !metrics.text.contains("riddle"))
            #expect(metrics[#"sluice_worker_job_duration_seconds_count{kind="noop"}"#] == 20)
            #expect(metrics[#"sluice_worker_job_duration_seconds_count{kind="other"}"#] == 5)
            #expect(metrics[#"sluice_worker_job_wait_seconds_count{queue="default"}"#] == 25)
            #expect(try #require(metrics[#"sluice_worker_job_wait_seconds_sum{queue="default"}"#]) >= 10)
            #expect(metrics[#"sluice_worker_job_wait_seconds_bucket{queue="default",le="5.0"}"#] == 24)
            let claims = try #require(metrics["sluice_worker_claim_batch_size_count"])
            #expect(claims >= 2)
            #expect(metrics["sluice_worker_claim_batch_size_sum"] == 25)
            #expect(metrics["sluice_worker_claim_duration_seconds_count"] == claims)
            #expect(try #require(metrics["sluice_worker_lease_renewals_total"]) >= 1)
            #expect(metrics["sluice_worker_slots"] == 8)
            #expect(metrics["sluice_worker_busy_slots"] == 0)
            #expect(metrics[#"sluice_worker_database_errors_total{operation="claim"}"#] == 0)
            #expect(!metrics.has("sluice_worker_running_jobs"), "the exporter's name")
            metrics.expectPlausibleProcessMetrics()
            let again = try await ScrapedMetrics.scrape(port: port)
            #expect(try #require(again[#"sluice_http_requests_total{route="/metrics",method="GET",status_class="2xx"}"#]) >= 1, "the scrapes before")
            #expect(metrics.unhelped.isEmpty, "no # HELP for \(metrics.unhelped)")

            worker.signal(SIGTERM)
            #expect(try await worker.waitForExit() == 0)
        }
    }

    @Test func apiCountsRoutesByTemplateNotById() async throws {
        try await TestDatabase.with { db in
            let job = try await db.queue.enqueue(NewJob(kind: "noop"))
            let token = "token-" + UUID().uuidString
            let api = try ServiceProcess.service(
                "sluice-api", db,
                ["SLUICE_SECRET_KEY": Data(repeating: 1, count: 32).base64EncodedString(), "SLUICE_ADMIN_TOKEN": token]
            )
            let port = try await api.listeningPort()
            var auth = HTTPFields()
            auth[.authorization] = "Bearer \(token)"
            #expect(try await Self.send(port, .GET, "/v1/jobs/\(job.id)", headers: auth) == 200)
            #expect(try await Self.send(port, .GET, "/v1/jobs/987654321", headers: auth) == 404)
            #expect(try await Self.send(port, .GET, "/v1/jobs/\(job.id)") == 401)

            let metrics = try await ScrapedMetrics.scrape(port: port)
            let jobs = #"route="/v1/jobs/{id}",method="GET""#
            #expect(metrics["sluice_http_requests_total{\(jobs),status_class=\"2xx\"}"] == 1)
            #expect(metrics["sluice_http_requests_total{\(jobs),status_class=\"4xx\"}"] == 2)
            #expect(metrics["sluice_http_request_duration_seconds_count{\(jobs)}"] == 3)
            #expect(!metrics.text.contains("987654321") && !metrics.text.contains("/v1/jobs/\(job.id)\""))
            metrics.expectPlausibleProcessMetrics()
            #expect(metrics.unhelped.isEmpty, "no # HELP for \(metrics.unhelped)")

            api.signal(SIGTERM)
            #expect(try await api.waitForExit() == 0)
        }
    }

    /// Sends one request to the process on `port` and answers the status code.
    static func send(_ port: Int, _ method: HTTPMethod, _ path: String, headers: HTTPFields = [:], body: String? = nil) async throws -> UInt {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        for field in headers { request.headers.add(name: field.name.rawName, value: field.value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        return response.status.code
    }
}
