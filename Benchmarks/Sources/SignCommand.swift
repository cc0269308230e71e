import ArgumentParser
import Foundation
import Webhooks

/// `sign --secret S --count N --out FILE`: signs N distinct Standard Webhooks events now, one line each
/// (`<webhook-id> <webhook-timestamp> <webhook-signature> <body>`, the body being JSON without spaces), for a
/// load generator that only sends. Ids are `bench-<run>-<n>`.
struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sign", abstract: "Sign distinct webhook events ahead of a load run.")

    @Option(help: "The source's whsec_ secret.") var secret: String
    @Option(help: "How many events to sign.") var count: Int
    @Option(help: "Prefix of the event ids of this run.") var runID = UUID().uuidString.prefix(8).lowercased()
    @Option(help: "File to write.") var out: String

    static func body(id: String) -> [UInt8] {
        Array(#"{"type":"bench.event","id":"\#(id)"}"#.utf8)
    }

    func run() throws {
        let now = Date.now
        var text = ""
        text.reserveCapacity(count * 96)
        for n in 1...count {
            let id = "bench-\(runID)-\(n)"
            let body = Self.body(id: id)
            let headers = try StandardWebhooksSigner.headers(id: id, timestamp: now, body: body, secret: secret)
            let value = { (name: String) in headers.first { $0.name.rawName == name }?.value ?? "" }
            text += "\(id) \(value("webhook-timestamp")) \(value("webhook-signature")) \(String(decoding: body, as: UTF8.self))\n"
        }
        try text.write(toFile: out, atomically: true, encoding: .utf8)
        BenchReport.emit([("sign_count", "\(count)"), ("sign_run_id", String(runID))])
    }
}
