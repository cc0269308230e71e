import Foundation
import PostgresNIO

/// Where the database is, which schema holds Sluice's tables and how connections reach it, parsed from
/// `DATABASE_URL`, `SLUICE_DB_SCHEMA` and `SLUICE_DB_POOL_MODE`.
public struct DatabaseSettings: Sendable, Equatable {
    public enum TLSMode: String, Sendable, Equatable {
        case disable, prefer, require
    }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    public var schema: String
    public var poolMode: PoolMode

    public static let defaultURL = "postgres://sluice@localhost:5432/sluice"

    public init(
        host: String, port: Int, user: String, password: String?, database: String, tls: TLSMode, schema: String, poolMode: PoolMode = .session
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
        self.schema = schema
        self.poolMode = poolMode
    }

    /// Parses `postgres://user:pass@host:port/db?sslmode=disable|prefer|require`; `variable` names it in errors.
    public init(url: String, schema: String, poolMode: PoolMode = .session, variable: String = "DATABASE_URL") throws(ConfigurationError) {
        func invalid(_ reason: String) -> ConfigurationError {
            ConfigurationError(variable: variable, reason: reason)
        }
        guard let components = URLComponents(string: url), let scheme = components.scheme else {
            throw invalid("is not a URL (expected postgres://user:pass@host:port/db)")
        }
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw invalid("has scheme '\(scheme)'; expected postgres://")
        }
        guard let host = components.host, !host.isEmpty else { throw invalid("has no host") }
        guard let user = components.user, !user.isEmpty else { throw invalid("has no user name") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { throw invalid("has no database name") }
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else { throw invalid("has unsupported parameter '\(item.name)'") }
            switch item.value {
            case "disable": tls = .disable
            case "prefer", "allow": tls = .prefer
            case "require", "verify-ca", "verify-full": tls = .require
            default: throw invalid("has sslmode '\(item.value ?? "")'; expected disable, prefer or require")
            }
        }
        self.init(
            host: host,
            port: components.port ?? 5432,
            user: user.removingPercentEncoding ?? user,
            password: components.password.map { $0.removingPercentEncoding ?? $0 },
            database: database,
            tls: tls,
            schema: try Self.validated(schema: schema),
            poolMode: poolMode
        )
    }

    /// Schema names go into SQL as identifiers, so only plain lower-case identifiers are accepted.
    static func validated(schema: String) throws(ConfigurationError) -> String {
        let allowed = schema.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
        guard !schema.isEmpty, schema.utf8.count <= 40, allowed, let first = schema.utf8.first, !(48...57).contains(first) else {
            throw ConfigurationError(
                variable: "SLUICE_DB_SCHEMA",
                reason: "must be 1-40 characters of a-z, 0-9 and _ not starting with a digit (got '\(schema)')"
            )
        }
        return schema
    }

    /// A postgres-nio pool configuration. In session mode its connections resolve unqualified table names in
    /// `schema` (the `search_path` startup parameter); behind a transaction pooler, which refuses that parameter,
    /// the schema is the role's default `search_path` (see `SchemaCheck`).
    public var clientConfiguration: PostgresClient.Configuration {
        let tlsConfig: PostgresClient.Configuration.TLS =
            switch tls {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
        var configuration = PostgresClient.Configuration(
            host: host,
            port: port,
            username: user,
            password: password,
            database: database,
            tls: tlsConfig
        )
        configuration.options.additionalStartupParameters = startupParameters
        configuration.options.connectTimeout = .seconds(3)
        return configuration
    }

    private var startupParameters: [(String, String)] {
        switch poolMode {
        case .session: [("search_path", schema), ("application_name", "sluice")]
        case .transaction: [("application_name", "sluice")]
        }
    }
}
