import ArgumentParser
import Common
import PostgresNIO

/// `sluice-metrics`: the Prometheus exporter of queue and database gauges.
@main
struct SluiceMetrics: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sluice-metrics", abstract: "Sluice Prometheus exporter.")

    @OptionGroup var options: CommonOptions

    func run() async throws {
        let (settings, logger) = options.launch(service: "sluice-metrics", defaultPort: 9400)
        let client = PostgresClient(settings: settings.database, logger: logger)
        try await buildServiceApplication(name: "sluice-metrics", settings: settings, client: client, logger: logger).runService()
    }
}
