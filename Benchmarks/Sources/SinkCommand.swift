import ArgumentParser
import Hummingbird
import Logging

/// `sink --port P`: the webhook endpoints of `Benchmarks/fanout`, on loopback. `POST /<name>` reads the body and
/// answers 204 at once; a name given to `--slow` answers 204 after `--slow-seconds`, one given to `--fail` answers
/// 500 at once. Runs until SIGTERM or SIGINT.
struct SinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sink", abstract: "A fast local webhook endpoint: 204, or slow or 500 on chosen paths.")

    @Option(help: "Port on 127.0.0.1.") var port: Int
    @Option(help: "Path names (without '/') that answer only after --slow-seconds.") var slow: [String] = []
    @Option(help: "Seconds a slow path takes.") var slowSeconds = 5.0
    @Option(help: "Path names (without '/') that answer 500.") var fail: [String] = []

    func run() async throws {
        let (slow, fail, delay) = (Set(slow), Set(fail), Duration.milliseconds(Int64(slowSeconds * 1000)))
        let router = Router()
        router.post(":name") { request, context -> Response in
            _ = try await request.body.collect(upTo: 1 << 20)
            let name = try context.parameters.require("name")
            if fail.contains(name) { return Response(status: .internalServerError) }
            if slow.contains(name) { try await Task.sleep(for: delay) }
            return Response(status: .noContent)
        }
        var logger = Logger(label: "sluice-bench-sink")
        logger.logLevel = .warning
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "sluice-bench-sink"), logger: logger)
        try await app.runService()
    }
}
