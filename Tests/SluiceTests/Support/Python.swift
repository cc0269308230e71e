import Foundation

/// Runs a Python script with the test command's interpreter (`SLUICE_PYTHON`: the virtualenv that holds the
/// independent implementations the tests check against, e.g. `standardwebhooks`), feeding it `input`.
enum Python {
    struct Missing: Error, CustomStringConvertible {
        var description: String { "SLUICE_PYTHON is not set: run the tests with scripts/test, which installs the Python test tools" }
    }

    static func run(_ script: String, input: Data = Data()) throws -> (status: Int32, output: String) {
        try run(arguments: ["-c", script], input: input)
    }

    /// Runs the script file at `file` with `arguments`.
    static func run(file: URL, arguments: [String]) throws -> (status: Int32, output: String) {
        try run(arguments: [file.path] + arguments, input: Data())
    }

    private static func run(arguments: [String], input: Data) throws -> (status: Int32, output: String) {
        guard let python = ProcessInfo.processInfo.environment["SLUICE_PYTHON"], !python.isEmpty else { throw Missing() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
