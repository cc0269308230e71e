import Foundation

/// A typed view of environment variables; every parse error names the variable.
public struct Environment: Sendable {
    public var values: [String: String]

    public init(_ values: [String: String] = ProcessInfo.processInfo.environment) {
        self.values = values
    }

    /// The value, with an empty string treated as unset.
    public subscript(name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    public func integer(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let raw = self[name] else { return defaultValue }
        guard let value = Int(raw), range.contains(value) else {
            throw ConfigurationError(variable: name, reason: "must be an integer in \(range.lowerBound)...\(range.upperBound) (got '\(raw)')")
        }
        return value
    }

    public func bool(_ name: String, default defaultValue: Bool) throws(ConfigurationError) -> Bool {
        guard let raw = self[name] else { return defaultValue }
        switch raw.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw ConfigurationError(variable: name, reason: "must be true or false (got '\(raw)')")
        }
    }

    public func choice(_ name: String, default defaultValue: String, from choices: [String]) throws(ConfigurationError) -> String {
        guard let raw = self[name] else { return defaultValue }
        guard choices.contains(raw.lowercased()) else {
            throw ConfigurationError(variable: name, reason: "must be one of \(choices.joined(separator: ", ")) (got '\(raw)')")
        }
        return raw.lowercased()
    }

    /// A duration in seconds, fractions allowed (`0.5`).
    public func seconds(_ name: String, default defaultValue: Duration, in range: ClosedRange<Double>) throws(ConfigurationError) -> Duration {
        guard let raw = self[name] else { return defaultValue }
        guard let value = Double(raw), range.contains(value) else {
            throw ConfigurationError(variable: name, reason: "must be seconds in \(range.lowerBound)...\(range.upperBound) (got '\(raw)')")
        }
        return .milliseconds(Int64(value * 1000))
    }

    public func list(_ name: String, default defaultValue: [String]) throws(ConfigurationError) -> [String] {
        guard let raw = self[name] else { return defaultValue }
        let items = raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !items.isEmpty else { throw ConfigurationError(variable: name, reason: "must list at least one value") }
        return items
    }
}
