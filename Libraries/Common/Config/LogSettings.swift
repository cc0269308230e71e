import Logging

/// How a service logs: `LOG_LEVEL` and `LOG_FORMAT`.
public struct LogSettings: Sendable, Equatable {
    public enum Format: String, Sendable {
        case json, text
    }

    public var level: Logger.Level
    public var format: Format

    public init(level: Logger.Level = .info, format: Format = .json) {
        self.level = level
        self.format = format
    }
}
