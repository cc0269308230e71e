/// A setting that is missing or malformed; the process stops at start with `line` as its only output.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    /// The environment variable (or flag) at fault.
    public let variable: String
    public let reason: String

    public init(variable: String, reason: String) {
        self.variable = variable
        self.reason = reason
    }

    /// One line naming the variable, for the terminal.
    public var description: String { "configuration error: \(variable) \(reason)" }
}
