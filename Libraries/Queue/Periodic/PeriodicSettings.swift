import Common

/// How the periodic scheduler runs. `from(environment:)` reads `SLUICE_PERIODIC_INTERVAL` and `SLUICE_PERIODIC_MISSED_AFTER`.
public struct PeriodicSettings: Sendable, Equatable {
    /// How often due ticks are looked for: a tick's job is enqueued at most this late.
    public var interval: Duration = .seconds(1)
    /// A tick older than this when a scheduler gets to it was missed (no worker ran): its definition's catch-up decides.
    public var missedAfter: Duration = .seconds(60)

    public init() {}

    public static func from(environment: Environment) throws(ConfigurationError) -> PeriodicSettings {
        var settings = PeriodicSettings()
        settings.interval = try environment.seconds("SLUICE_PERIODIC_INTERVAL", default: settings.interval, in: 0.05...60)
        settings.missedAfter = try environment.seconds("SLUICE_PERIODIC_MISSED_AFTER", default: settings.missedAfter, in: 1...86_400)
        return settings
    }
}
