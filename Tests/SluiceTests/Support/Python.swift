import Foundation

/// Runs Python with the test command's interpreter (`SLUICE_PYTHON`: the virtualenv that holds the independent
/// implementations the tests check against, e.g. `standardwebhooks`, and `selenium` for the UI tests).
enum Python {
    struct Missing: Error, CustomStringConvertible {
        var description: String { "SLUICE_PYTHON is not set: run the tests with scripts/test, which installs the Python test tools" }
    }

    /// Runs `script` (source text), feeding it `input`; answers its status and standard output.
    static func run(_ script: String, input: Data = Data()) throws -> (status: Int32, output: String) {
        try launch(["-c", script], input: input, environment: [:], mergeErrors: false)
    }

    /// Runs the script file `path` with `environment` added; answers its status and output (standard error included).
    static func run(file path: URL, arguments: [String] = [], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        try launch(["-u", path.path] + arguments, input: Data(), environment: environment, mergeErrors: true, directory: path.deletingLastPathComponent())
    }

    private static func launch(
        _ arguments: [String], input: Data, environment: [String: String], mergeErrors: Bool, directory: URL? = nil
    ) throws -> (status: Int32, output: String) {
        guard let python = ProcessInfo.processInfo.environment["SLUICE_PYTHON"], !python.isEmpty else { throw Missing() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = directory }
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        if mergeErrors { process.standardError = stdout }
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
