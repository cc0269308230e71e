import Common
import Hummingbird
import Logging
import PostgresNIO

/// `sluice-metrics`: the health routes and `/metrics`, which renders the last snapshot with the process's own metrics.
public func buildExporterApplication(
    settings: ServiceSettings,
    exporter: ExporterSettings,
    client: PostgresClient,
    logger: Logger
) -> some ApplicationProtocol {
    let publisher = SnapshotPublisher(registry: MetricsSetup.registry)
    let refresher = SnapshotRefresher(client: client, settings: exporter, publisher: publisher, logger: logger)
    return buildServiceApplication(
        name: "sluice-metrics",
        settings: settings,
        client: client,
        logger: logger,
        services: [refresher],
        beforeScrape: [publisher.willScrape]
    )
}
