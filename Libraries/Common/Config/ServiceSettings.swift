import Logging

/// The settings every Sluice service shares, read from the environment (see ARCHITECTURE.md, "Configuration").
public struct ServiceSettings: Sendable, Equatable {
    public var database: DatabaseSettings
    public var host: String
    public var port: Int
    public var log: LogSettings

    public init(database: DatabaseSettings, host: String, port: Int, log: LogSettings) {
        self.database = database
        self.host = host
        self.port = port
        self.log = log
    }

    /// Reads the shared variables; the first missing or malformed one throws, naming it.
    public init(environment: Environment, defaultPort: Int) throws(ConfigurationError) {
        let schema = environment["SLUICE_DB_SCHEMA"] ?? "sluice"
        self.database = try DatabaseSettings(url: environment["DATABASE_URL"] ?? DatabaseSettings.defaultURL, schema: schema)
        self.host = environment["HTTP_HOST"] ?? "0.0.0.0"
        guard !host.isEmpty else { throw ConfigurationError(variable: "HTTP_HOST", reason: "is empty") }
        self.port = try environment.integer("HTTP_PORT", default: defaultPort, in: 0...65535)
        let level = try environment.choice("LOG_LEVEL", default: "info", from: Logger.Level.allCases.map(\.rawValue))
        let format = try environment.choice("LOG_FORMAT", default: "json", from: ["json", "text"])
        self.log = LogSettings(level: Logger.Level(rawValue: level)!, format: LogSettings.Format(rawValue: format)!)
    }
}
