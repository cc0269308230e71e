import Foundation
import Testing

/// A one-shot command run to its end (a repository script, or a Sluice binary's subcommand), with its output.
struct Script {
    let status: Int32
    let output: String

    /// The checkout the tests run from.
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Runs `executable` (a path, or a name found in `ServiceProcess.binDirectory`) with `environment` laid over the
    /// test's own; fails after `timeout`.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(120)) async throws
        -> Script
    {
        let process = Process()
        process.executableURL =
            executable.contains("/") ? URL(fileURLWithPath: executable) : ServiceProcess.binDirectory.appendingPathComponent(executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = root
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("script-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try await poll("\(executable) \(arguments.joined(separator: " ")) to finish", timeout: timeout, every: .milliseconds(20)) { !process.isRunning }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try handle.close()
        return Script(status: process.terminationStatus, output: (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }
}
