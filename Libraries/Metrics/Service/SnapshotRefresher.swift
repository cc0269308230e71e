import Common
import Logging
import PostgresNIO
import ServiceLifecycle

/// Reads a fresh `Snapshot` every `refreshInterval` and publishes it; scrapes never touch the database, so a
/// burst of scrapes costs nothing and a slow database shows as a growing snapshot age.
public struct SnapshotRefresher: Service {
    let client: PostgresClient
    let reader: SnapshotReader
    let publisher: SnapshotPublisher
    let settings: ExporterSettings
    let logger: Logger

    public init(client: PostgresClient, settings: ExporterSettings, publisher: SnapshotPublisher, logger: Logger) {
        self.client = client
        self.reader = SnapshotReader(exactLimit: settings.exactLimit, logger: logger)
        self.publisher = publisher
        self.settings = settings
        self.logger = logger
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await refresh()
                try await Task.sleep(for: settings.refreshInterval)  // the refresh period, not a wait for a condition
            }
        }
    }

    /// One refresh; a failure is logged and exported (`sluice_database_up 0`), never thrown.
    func refresh() async {
        let start = ContinuousClock.now
        do {
            let snapshot = try await withDeadline(settings.refreshTimeout) { [client, reader] in
                try await reader.read(from: client)
            }
            publisher.publish(snapshot, duration: .now - start)
        } catch {
            publisher.publishFailure(duration: .now - start)
            logger.warning("metrics refresh failed", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}
