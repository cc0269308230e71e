import Foundation

/// Results as `name=value` lines on stdout (for `Benchmarks/run` to parse); notes as lines on stderr.
enum BenchReport {
    static func emit(_ pairs: [(String, String)]) {
        for (name, value) in pairs { print("\(name)=\(value)") }
    }

    static func note(_ line: String) {
        FileHandle.standardError.write(Data("\(line)\n".utf8))
    }

    /// A number with `digits` decimals, the way the results table shows it.
    static func fixed(_ value: Double, _ digits: Int = 3) -> String {
        String(format: "%.\(digits)f", value)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
