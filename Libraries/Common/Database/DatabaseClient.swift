import Logging
import PostgresNIO

extension PostgresClient {
    /// A pooled client for Sluice's schema; run it as a `Service` (it is the first service of every process).
    public convenience init(settings: DatabaseSettings, maximumConnections: Int = 20, logger: Logger) {
        var configuration = settings.clientConfiguration
        configuration.options.maximumConnections = maximumConnections
        self.init(configuration: configuration, backgroundLogger: logger)
    }
}
