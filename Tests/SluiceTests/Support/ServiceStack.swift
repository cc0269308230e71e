import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import Testing
import Webhooks

/// Sluice's services as real processes on one test schema, each on a free loopback port, sharing one secret key.
struct ServiceStack: Sendable {
    static let all = ["sluice-api", "sluice-webhooks", "sluice-worker", "sluice-metrics"]

    let processes: [String: ServiceProcess]
    let ports: [String: Int]
    let key: SymmetricKey

    /// The box the services encrypt secrets with: sources added through it verify in the running receiver.
    var box: SecretBox { SecretBox(key: key) }

    /// Starts `services` (all four by default) and waits until each listens. `environment` adds or overrides
    /// variables per executable; the exporter refreshes every 0.2 s, the worker polls every 0.2 s.
    static func start(
        _ db: TestDatabase, services: [String] = all, key: SymmetricKey = SymmetricKey(size: .bits256),
        environment: [String: [String: String]] = [:]
    ) async throws -> ServiceStack {
        let common = [
            "DATABASE_URL": db.url, "SLUICE_DB_SCHEMA": db.schema, "HTTP_HOST": "127.0.0.1", "HTTP_PORT": "0", "LOG_LEVEL": "info",
            "SLUICE_SECRET_KEY": key.withUnsafeBytes { Data($0).base64EncodedString() }, "SLUICE_ALLOW_PRIVATE_TARGETS": "true",
            "SLUICE_METRICS_REFRESH": "0.2", "SLUICE_WORKER_POLL_INTERVAL": "0.2",
        ]
        var processes: [String: ServiceProcess] = [:]
        for service in services {
            processes[service] = try ServiceProcess(service, environment: common.merging(environment[service] ?? [:]) { $1 })
        }
        var ports: [String: Int] = [:]
        for (service, process) in processes {
            ports[service] = try await process.listeningPort()
        }
        return ServiceStack(processes: processes, ports: ports, key: key)
    }

    func port(_ service: String) throws -> Int {
        try #require(ports[service], "\(service) is not part of this stack")
    }

    func scrape(_ service: String) async throws -> ScrapedMetrics {
        try await ScrapedMetrics.scrape(port: port(service))
    }

    /// `GET path` on `service`; answers the status code.
    @discardableResult
    func get(_ service: String, _ path: String) async throws -> UInt {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(try port(service))\(path)"), timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        return response.status.code
    }

    /// POSTs `body` with `headers` to `/hooks/<source>` of the running receiver; answers the status code.
    func hook(_ source: String, _ body: String, headers: [(String, String)]) async throws -> UInt {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(try port("sluice-webhooks"))/hooks/\(source)")
        request.method = .POST
        request.headers.add(contentsOf: headers)
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        return response.status.code
    }

    /// Stops every process with SIGTERM and expects a clean exit (a process killed by the test is skipped).
    func stop() async throws {
        for (service, process) in processes where process.process.isRunning {
            process.signal(SIGTERM)
            #expect(try await process.waitForExit() == 0, "\(service) did not exit cleanly: \(process.log.suffix(2000))")
        }
    }
}
