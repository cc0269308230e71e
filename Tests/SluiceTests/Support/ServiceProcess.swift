import Foundation
import Testing

/// A Sluice executable started as a real process against a test schema, for crash and signal tests.
final class ServiceProcess: @unchecked Sendable {
    let process = Process()
    let output: URL

    /// Where the executables are: `SLUICE_BIN_DIR` (set by scripts/test), else the debug build folder.
    static var binDirectory: URL {
        if let dir = ProcessInfo.processInfo.environment["SLUICE_BIN_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir)
        }
        return repositoryRoot.appendingPathComponent(".build/debug")
    }

    /// The checkout the tests were built from.
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    convenience init(_ executable: String, arguments: [String] = [], environment: [String: String]) throws {
        try self.init(path: Self.binDirectory.appendingPathComponent(executable).path, arguments: arguments, environment: environment)
    }

    /// Any program, its output (stdout and stderr) kept in a temporary file.
    init(path: String, arguments: [String] = [], environment: [String: String] = [:]) throws {
        let name = URL(fileURLWithPath: path).lastPathComponent
        output = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    /// `executable` on `database`'s schema, on 127.0.0.1 with a random port, logging at `info` (so that
    /// `listeningPort` finds its port); `environment` overrides.
    static func service(_ executable: String, _ database: TestDatabase, _ environment: [String: String] = [:]) throws -> ServiceProcess {
        try ServiceProcess(
            executable,
            environment: [
                "DATABASE_URL": database.url,
                "SLUICE_DB_SCHEMA": database.schema,
                "HTTP_HOST": "127.0.0.1",
                "HTTP_PORT": "0",
                "LOG_LEVEL": "info",
            ].merging(environment) { $1 }
        )
    }

    /// A worker on `database`'s schema with a random port and quick timings, logging warnings; `environment` overrides.
    static func worker(_ database: TestDatabase, _ environment: [String: String] = [:]) throws -> ServiceProcess {
        try service(
            "sluice-worker", database,
            ["LOG_LEVEL": "warning", "SLUICE_ALLOW_PRIVATE_TARGETS": "true", "SLUICE_WORKER_POLL_INTERVAL": "0.2"].merging(environment) { $1 }
        )
    }

    /// The port the service bound (started with `HTTP_PORT=0` and `LOG_LEVEL=info`), read from its start-up log line.
    func listeningPort(timeout: Duration = .seconds(30)) async throws -> Int {
        var port: Int?
        try await poll("\(process.executableURL?.lastPathComponent ?? "process") to listen", timeout: timeout) {
            port = log.firstMatch(of: /listening on [0-9.]+:([0-9]+)/).flatMap { Int($0.1) }
            return port != nil || !process.isRunning
        }
        return try #require(port, "no listening line in: \(log)")
    }

    func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the process to exit and answers its status.
    func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
        try await poll("\(process.executableURL?.lastPathComponent ?? "process") to exit", timeout: timeout) { !process.isRunning }
        return process.isRunning ? -1 : process.terminationStatus
    }

    var log: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: output)
    }
}
