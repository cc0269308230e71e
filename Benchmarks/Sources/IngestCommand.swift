import AsyncHTTPClient
import ArgumentParser
import Foundation
import NIOCore
import Webhooks

/// `ingest --url URL --secret S`: `--connections` concurrent senders POST freshly signed Standard Webhooks
/// events to `/hooks/<source>` for `--seconds`, as fast as acks come back, or at `--rate` requests per second in
/// total. Reports acks/s, ack latency (p50, p99), the count of acks and the run id that prefixes every event id,
/// so the caller can check that many of the run's events are in the database.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ingest", abstract: "Load the receiver with signed webhooks; report acks/s and latency.")

    @Option(help: "Receiver base URL, e.g. http://127.0.0.1:8081.") var url: String
    @Option(help: "Source name.") var source = "bench"
    @Option(help: "The source's whsec_ secret.") var secret: String
    @Option(help: "Concurrent connections.") var connections = 32
    @Option(help: "Seconds to send for.") var seconds = 15.0
    @Option(help: "Total requests per second (0: as fast as acks return).") var rate = 0.0
    @Option(help: "Prefix of the event ids of this run.") var runID = UUID().uuidString.prefix(8).lowercased()

    func run() async throws {
        try await HTTPLoad.run(
            prefix: "ingest", counted: "acked", connections: connections, seconds: seconds, rate: rate, extra: [("ingest_run_id", String(runID))]
        ) { client, tally, sender, n, _ in
            try await send(client, id: "bench-\(runID)-\(sender)-\(n)", tally: tally)
        }
    }

    private func send(_ client: HTTPClient, id: String, tally: Tally) async throws {
        let body = SignCommand.body(id: id)
        var request = HTTPClientRequest(url: "\(url)/hooks/\(source)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        for field in try StandardWebhooksSigner.headers(id: id, timestamp: .now, body: body, secret: secret) {
            request.headers.add(name: field.name.rawName, value: field.value)
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        let sent = ContinuousClock.now
        let response = try await client.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 4096)
        tally.record(accepted: response.status.code == 202, latency: BenchReport.seconds(ContinuousClock.now - sent))
    }
}
