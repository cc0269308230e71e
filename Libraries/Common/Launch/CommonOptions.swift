import ArgumentParser
import Foundation
import Logging

/// Flags every service accepts; each overrides the environment variable of the same meaning.
public struct CommonOptions: ParsableArguments {
    @Option(help: "Bind address (HTTP_HOST).") public var host: String?
    @Option(help: "Port (HTTP_PORT).") public var port: Int?
    @Option(name: .customLong("database-url"), help: "postgres://user:pass@host:port/db?sslmode=... (DATABASE_URL).") public var databaseURL: String?
    @Option(help: "Schema holding Sluice's tables (SLUICE_DB_SCHEMA).") public var schema: String?
    @Option(name: .customLong("log-level"), help: "debug, info, notice, warning, error, critical (LOG_LEVEL).") public var logLevel: String?
    @Option(name: .customLong("log-format"), help: "json or text (LOG_FORMAT).") public var logFormat: String?

    public init() {}

    /// The environment with the flags given laid over it.
    public func environment(_ base: Environment = Environment()) -> Environment {
        var environment = base
        let overrides: [(String, String?)] = [
            ("HTTP_HOST", host), ("HTTP_PORT", port.map(String.init)), ("DATABASE_URL", databaseURL),
            ("SLUICE_DB_SCHEMA", schema), ("LOG_LEVEL", logLevel), ("LOG_FORMAT", logFormat),
        ]
        for case let (name, value?) in overrides { environment.values[name] = value }
        return environment
    }

    /// Reads the settings and installs logging and metrics; on a bad setting prints one line and exits 78.
    public func launch(service: String, defaultPort: Int) -> (ServiceSettings, Logger) {
        let settings = Self.orExit { () throws(ConfigurationError) in try ServiceSettings(environment: environment(), defaultPort: defaultPort) }
        LoggingSetup.bootstrap(service: service, settings: settings.log)
        _ = MetricsSetup.registry
        return (settings, Logger(label: service))
    }

    /// The value, or the configuration error's one line on stderr and exit code 78 (EX_CONFIG).
    public static func orExit<T>(_ read: () throws(ConfigurationError) -> T) -> T {
        do {
            return try read()
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            Foundation.exit(78)
        }
    }
}
