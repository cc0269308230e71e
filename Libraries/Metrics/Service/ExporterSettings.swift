import Common

/// The exporter's tunables, read from the environment.
public struct ExporterSettings: Sendable, Equatable {
    /// How often the snapshot is read from the database (`SLUICE_METRICS_REFRESH`, seconds, default 5).
    public var refreshInterval: Duration
    /// Up to this many rows a count is exact; a table above it is sampled and a set above it estimated
    /// (`SLUICE_METRICS_EXACT_LIMIT`, default 10,000). It bounds the rows one refresh reads per statement.
    public var exactLimit: Int
    /// Each refresh's database work is abandoned after this long (postgres-nio can lose a query on a closed connection).
    public var refreshTimeout: Duration

    public init(refreshInterval: Duration = .seconds(5), exactLimit: Int = 10_000, refreshTimeout: Duration = .seconds(10)) {
        self.refreshInterval = refreshInterval
        self.exactLimit = exactLimit
        self.refreshTimeout = refreshTimeout
    }

    public init(environment: Environment) throws(ConfigurationError) {
        self.init(
            refreshInterval: try environment.seconds("SLUICE_METRICS_REFRESH", default: .seconds(5), in: 0.1...3600),
            exactLimit: try environment.integer("SLUICE_METRICS_EXACT_LIMIT", default: 10_000, in: 100...10_000_000)
        )
    }
}
