import ArgumentParser
import Common
import MetricsExporter
import PostgresNIO

/// `sluice-metrics`: the Prometheus exporter of queue, worker, webhook and database gauges.
@main
struct SluiceMetrics: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sluice-metrics", abstract: "Sluice Prometheus exporter.")

    @OptionGroup var options: CommonOptions

    func run() async throws {
        let (settings, logger) = options.launch(service: "sluice-metrics", defaultPort: 9400)
        let exporter = CommonOptions.orExit { () throws(ConfigurationError) in try ExporterSettings(environment: options.environment()) }
        let client = PostgresClient(settings: settings.database, maximumConnections: 2, logger: logger)
        try await buildExporterApplication(settings: settings, exporter: exporter, client: client, logger: logger).runService()
    }
}
