import Logging
import PostgresNIO

extension PostgresClient {
    /// How long a pooled connection may stay idle before it is closed.
    static let idleTimeout: Duration = .seconds(10)

    /// A pooled client for Sluice's schema; run it as a `Service` (it is the first service of every process).
    public convenience init(settings: DatabaseSettings, maximumConnections: Int = 20, logger: Logger) {
        var configuration = settings.clientConfiguration
        configuration.options.maximumConnections = maximumConnections
        // The pool arms an idle timer (and a keep-alive timer) each time a connection goes back idle, and cancels
        // them at the next lease. On Linux a cancelled sleep stays allocated until its deadline, so at 1,000
        // leases a second the defaults (60 s and 30 s) held about 40 MiB in the receiver. Short idle timers and
        // no keep-alive query keep that near 4 MiB; an idle connection is closed after 10 s and opened again
        // when needed, and a dead one is noticed by the query that meets it.
        configuration.options.connectionIdleTimeout = Self.idleTimeout
        configuration.options.keepAliveBehavior = nil
        self.init(configuration: configuration, backgroundLogger: logger)
    }
}
