import Common

/// How deliveries run; every tunable has a default. `from(environment:)` reads the `SLUICE_DELIVERY_*` variables.
public struct DeliverySettings: Sendable, Equatable {
    /// How long one attempt may take (`SLUICE_DELIVERY_TIMEOUT`, seconds).
    public var timeout: Duration = .seconds(15)
    /// Deliveries in flight at once to an endpoint that sets no `max_concurrency`, per worker process
    /// (`SLUICE_DELIVERY_ENDPOINT_CONCURRENCY`); the rest wait without occupying the worker's slots.
    public var endpointConcurrency = 50
    /// An endpoint whose every attempt failed for this long is disabled (`SLUICE_ENDPOINT_DISABLE_AFTER`, seconds).
    public var disableAfter: Duration = .seconds(5 * 86400)
    /// How much of each response body the attempt log keeps.
    public var excerptLimit = 4096

    public init() {}

    public static func from(environment: Environment) throws(ConfigurationError) -> DeliverySettings {
        var settings = DeliverySettings()
        settings.timeout = try environment.seconds("SLUICE_DELIVERY_TIMEOUT", default: settings.timeout, in: 1...300)
        settings.endpointConcurrency = try environment.integer("SLUICE_DELIVERY_ENDPOINT_CONCURRENCY", default: settings.endpointConcurrency, in: 1...10_000)
        settings.disableAfter = try environment.seconds("SLUICE_ENDPOINT_DISABLE_AFTER", default: settings.disableAfter, in: 1...31_536_000)
        return settings
    }
}
