import AsyncHTTPClient
import ArgumentParser
import Foundation
import NIOCore

/// `publish --url URL --app UID`: `--connections` concurrent senders publish messages through the admin API
/// (`POST /v1/apps/<app>/messages`, the API key from `SLUICE_BENCH_API_KEY`) for `--seconds`, as fast as answers
/// come back or at `--rate` messages per second in total, stopping after `--count` messages when given. Reports
/// the messages accepted, messages/s and the API's answer latency (p50, p99). Every payload carries `data.sent_at`,
/// when its request was due (Unix seconds; a sender behind the pace sends late, and its lag counts), from which
/// `delivered` measures the time to the first attempt.
struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "publish", abstract: "Publish messages through the admin API; report messages/s.")

    @Option(help: "API base URL, e.g. http://127.0.0.1:8080.") var url: String
    @Option(help: "Application uid.") var app: String
    @Option(help: "Concurrent connections.") var connections = 16
    @Option(help: "Seconds to publish for.") var seconds = 20.0
    @Option(help: "Total messages per second (0: as fast as answers return).") var rate = 0.0
    @Option(help: "Stop after this many messages in all.") var count: Int?
    @Option(help: "Event type of every message.") var eventType = "bench.event"

    func run() async throws {
        guard let key = ProcessInfo.processInfo.environment["SLUICE_BENCH_API_KEY"], !key.isEmpty else {
            throw ValidationError("SLUICE_BENCH_API_KEY must hold an API key with write access")
        }
        let (accepted, failed) = try await HTTPLoad.run(
            prefix: "publish", counted: "accepted", connections: connections, seconds: seconds, rate: rate, limit: count
        ) { client, tally, sender, n, due in
            try await publish(client, key: key, sender: sender, n: n, due: due, tally: tally)
        }
        if failed > 0 { BenchReport.note("publish: \(failed) of \(accepted + failed) messages were not accepted") }
    }

    private func publish(_ client: HTTPClient, key: String, sender: Int, n: Int, due: ContinuousClock.Instant, tally: Tally) async throws {
        let sentAt = Date().timeIntervalSince1970 - BenchReport.seconds(ContinuousClock.now - due)
        let body = #"{"event_type":"\#(eventType)","payload":{"type":"\#(eventType)","data":{"sender":\#(sender),"n":\#(n),"sent_at":\#(sentAt)}}}"#
        var request = HTTPClientRequest(url: "\(url)/v1/apps/\(app)/messages")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Authorization", value: "Bearer \(key)")
        request.body = .bytes(ByteBuffer(string: body))
        let sent = ContinuousClock.now
        let response = try await client.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 64 * 1024)
        tally.record(accepted: response.status.code == 202, latency: BenchReport.seconds(ContinuousClock.now - sent))
    }
}
