import Logging

/// The settings every Sluice service shares, read from the environment (see ARCHITECTURE.md, "Configuration").
public struct ServiceSettings: Sendable, Equatable {
    public var database: DatabaseSettings
    /// `SLUICE_DB_DIRECT_URL`: a connection straight to PostgreSQL, past any pooler, for migrations and `LISTEN`.
    public var directDatabase: DatabaseSettings?
    public var host: String
    public var port: Int
    public var log: LogSettings

    public init(database: DatabaseSettings, directDatabase: DatabaseSettings? = nil, host: String, port: Int, log: LogSettings) {
        self.database = database
        self.directDatabase = directDatabase
        self.host = host
        self.port = port
        self.log = log
    }

    /// The connection migrations run on: the direct one when given, else `database` (migrations hold no session
    /// state, so they also run through a transaction pooler).
    public var migrationDatabase: DatabaseSettings { directDatabase ?? database }

    /// Reads the shared variables; the first missing or malformed one throws, naming it.
    public init(environment: Environment, defaultPort: Int) throws(ConfigurationError) {
        let schema = environment["SLUICE_DB_SCHEMA"] ?? "sluice"
        let poolMode = try environment.choice("SLUICE_DB_POOL_MODE", default: PoolMode.session.rawValue, from: PoolMode.allCases.map(\.rawValue))
        self.database = try DatabaseSettings(
            url: environment["DATABASE_URL"] ?? DatabaseSettings.defaultURL, schema: schema, poolMode: PoolMode(rawValue: poolMode)!)
        self.directDatabase = try environment["SLUICE_DB_DIRECT_URL"].map { url throws(ConfigurationError) in
            try DatabaseSettings(url: url, schema: schema, variable: "SLUICE_DB_DIRECT_URL")
        }
        self.host = environment["HTTP_HOST"] ?? "0.0.0.0"
        guard !host.isEmpty else { throw ConfigurationError(variable: "HTTP_HOST", reason: "is empty") }
        self.port = try environment.integer("HTTP_PORT", default: defaultPort, in: 0...65535)
        let level = try environment.choice("LOG_LEVEL", default: "info", from: Logger.Level.allCases.map(\.rawValue))
        let format = try environment.choice("LOG_FORMAT", default: "json", from: ["json", "text"])
        self.log = LogSettings(level: Logger.Level(rawValue: level)!, format: LogSettings.Format(rawValue: format)!)
    }
}
