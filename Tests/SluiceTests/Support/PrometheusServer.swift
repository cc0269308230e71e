import AsyncHTTPClient
import Foundation
import Testing

/// A real Prometheus (Debian's `prometheus`, installed by scripts/test) on a free loopback port, scraping the given
/// targets every second and evaluating `ruleFiles`, with its data in a temporary folder removed at `stop()`.
final class PrometheusServer: Sendable {
    struct Missing: Error, CustomStringConvertible {
        var description: String { "no prometheus on PATH: scripts/test installs it (apt-get install prometheus)" }
    }

    /// One sample of an instant vector.
    struct Sample {
        let labels: [String: String]
        let value: Double
    }

    let process: ServiceProcess
    let port: Int
    let folder: URL

    /// `targets`: job name → `host:port`.
    init(targets: [String: String], ruleFiles: [URL] = []) async throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard let binary = path.split(separator: ":").map({ URL(fileURLWithPath: String($0)).appendingPathComponent("prometheus") })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) })
        else { throw Missing() }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("prometheus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = folder.appendingPathComponent("prometheus.yml")
        try Self.config(targets: targets, ruleFiles: ruleFiles).write(to: config, atomically: true, encoding: .utf8)
        port = try FreePort.next()
        process = try ServiceProcess(
            path: binary.path,
            arguments: [
                "--config.file=\(config.path)", "--storage.tsdb.path=\(folder.appendingPathComponent("data").path)",
                "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn",
            ],
            environment: [:]
        )
        try await poll("prometheus to be ready on port \(port)") {
            guard process.process.isRunning else { return true }
            return (try? await get("/-/ready").status) == 200
        }
        try #require(process.process.isRunning, "prometheus exited: \(process.log)")
    }

    static func config(targets: [String: String], ruleFiles: [URL]) -> String {
        var lines = ["global:", "  scrape_interval: 1s", "  scrape_timeout: 1s", "  evaluation_interval: 1s"]
        if !ruleFiles.isEmpty { lines += ["rule_files:"] + ruleFiles.map { "  - \"\($0.path)\"" } }
        lines.append("scrape_configs:")
        for (job, target) in targets.sorted(by: { $0.key < $1.key }) {
            lines += ["  - job_name: \"\(job)\"", "    static_configs:", "      - targets: [\"\(target)\"]"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The instant vector `promql` evaluates to now.
    func query(_ promql: String) async throws -> [Sample] {
        var query = URLComponents()
        query.queryItems = [URLQueryItem(name: "query", value: promql)]
        let (status, json) = try await get("/api/v1/query?\(query.percentEncodedQuery ?? "")")
        let data = (json["data"] as? [String: Any])?["result"] as? [[String: Any]]
        guard status == 200, let data else { throw QueryFailed(query: promql, answer: "\(status) \(json)") }
        return data.compactMap { item in
            guard let value = item["value"] as? [Any], value.count == 2, let number = (value[1] as? String).flatMap(Double.init) else { return nil }
            return Sample(labels: item["metric"] as? [String: String] ?? [:], value: number)
        }
    }

    /// The value of the single sample `promql` evaluates to, or nil when the vector is empty.
    func value(_ promql: String) async throws -> Double? {
        try await query(promql).first?.value
    }

    /// The rules Prometheus loaded: name → health (`ok`, `err`, `unknown` before the first evaluation).
    func ruleHealth() async throws -> [String: String] {
        let (_, json) = try await get("/api/v1/rules")
        let groups = ((json["data"] as? [String: Any])?["groups"] as? [[String: Any]]) ?? []
        var health: [String: String] = [:]
        for rule in groups.flatMap({ $0["rules"] as? [[String: Any]] ?? [] }) {
            if let name = rule["name"] as? String { health[name] = rule["health"] as? String ?? "" }
        }
        return health
    }

    struct QueryFailed: Error, CustomStringConvertible {
        let query: String
        let answer: String
        var description: String { "prometheus query \(query) failed: \(answer)" }
    }

    private func get(_ path: String) async throws -> (status: UInt, json: [String: Any]) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 16 << 20)
        let json = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
        return (response.status.code, json)
    }

    func stop() async throws {
        process.signal(SIGTERM)
        #expect(try await process.waitForExit() == 0, "prometheus did not exit cleanly: \(process.log)")
        try? FileManager.default.removeItem(at: folder)
    }
}
