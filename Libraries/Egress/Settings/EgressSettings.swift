import Common

/// How the outbound HTTP client behaves: which private targets it may reach and how many connections it keeps
/// open to one host.
public struct EgressSettings: Sendable {
    /// Lifts the SSRF guard entirely (`SLUICE_ALLOW_PRIVATE_TARGETS`; development and tests only).
    public var allowPrivateTargets: Bool
    /// Networks admitted deliberately although the guard would refuse them (`SLUICE_ALLOWED_TARGET_NETWORKS`).
    public var allowedNetworks: [IPNetwork]
    /// Most connections open to one host at once, and as many requests in flight to it
    /// (`SLUICE_HTTP_CONNECTIONS_PER_HOST`); further requests wait, without their timeout running.
    public var connectionsPerHost: Int

    public init(allowPrivateTargets: Bool = false, allowedNetworks: [IPNetwork] = [], connectionsPerHost: Int = 1000) {
        self.allowPrivateTargets = allowPrivateTargets
        self.allowedNetworks = allowedNetworks
        self.connectionsPerHost = connectionsPerHost
    }

    /// Reads the variables; a malformed one throws ConfigurationError naming it. `defaultConnectionsPerHost` is
    /// passed by the worker: its concurrency (so the pool never throttles the worker's own concurrency).
    public static func from(environment: Environment, defaultConnectionsPerHost: Int) throws(ConfigurationError) -> EgressSettings {
        let networksVariable = "SLUICE_ALLOWED_TARGET_NETWORKS"
        var networks: [IPNetwork] = []
        for text in try environment.list(networksVariable, default: []) {
            do {
                networks.append(try IPNetwork(text))
            } catch {
                throw ConfigurationError(variable: networksVariable, reason: "must be comma-separated CIDR networks: \(error)")
            }
        }
        return EgressSettings(
            allowPrivateTargets: try environment.bool("SLUICE_ALLOW_PRIVATE_TARGETS", default: false),
            allowedNetworks: networks,
            connectionsPerHost: try environment.integer(
                "SLUICE_HTTP_CONNECTIONS_PER_HOST",
                default: max(1, defaultConnectionsPerHost),
                in: 1...100_000
            )
        )
    }
}
