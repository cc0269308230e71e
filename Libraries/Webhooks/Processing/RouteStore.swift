import Foundation
import Logging
import PostgresNIO

/// A route: where a source's matching events are delivered, signed with the route's own secret.
public struct Route: Sendable, Equatable {
    public let id: Int64
    public let sourceID: Int64
    public let filter: RouteFilter
    public let targetURL: String
    public let enabled: Bool
}

/// Routes in the database; their secrets are stored encrypted.
public struct RouteStore: Sendable {
    let client: PostgresClient
    let box: SecretBox
    let logger: Logger

    public init(client: PostgresClient, box: SecretBox, logger: Logger) {
        self.client = client
        self.box = box
        self.logger = logger
    }

    /// Adds a route to the source named `sourceName`; answers it and its secret (generated when not given).
    public func add(sourceName: String, eventTypes: [String], targetURL: String, secret: String? = nil) async throws -> (route: Route, secret: String) {
        guard let url = URL(string: targetURL), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw SourceError.invalid(field: "target_url", reason: "must be an http or https URL")
        }
        guard !eventTypes.isEmpty, eventTypes.allSatisfy({ !$0.isEmpty && $0.count <= 200 }) else {
            throw SourceError.invalid(field: "event_types", reason: "must list 1 or more names, `prefix.*` or `*`")
        }
        let secret = secret ?? StandardWebhooksSigner.generateSecret()
        let rows = try await client.query(
            """
            INSERT INTO routes (source_id, event_types, target_url, secret_ciphertext)
            SELECT id, \(eventTypes), \(targetURL), \(ByteBuffer(bytes: try box.seal(secret))) FROM sources WHERE name = \(sourceName)
            RETURNING id, source_id, event_types, target_url, enabled
            """,
            logger: logger
        )
        guard let route = try await Self.decode(rows).first else { throw SourceError.notFound(name: sourceName) }
        return (route, secret)
    }

    public func list(sourceName: String) async throws -> [Route] {
        try await Self.decode(
            client.query(
                """
                SELECT r.id, r.source_id, r.event_types, r.target_url, r.enabled
                FROM routes r JOIN sources s ON s.id = r.source_id WHERE s.name = \(sourceName) ORDER BY r.id
                """,
                logger: logger
            )
        )
    }

    static func decode(_ rows: PostgresRowSequence) async throws -> [Route] {
        var routes: [Route] = []
        for try await (id, sourceID, eventTypes, targetURL, enabled) in rows.decode((Int64, Int64, [String], String, Bool).self) {
            routes.append(Route(id: id, sourceID: sourceID, filter: RouteFilter(eventTypes), targetURL: targetURL, enabled: enabled))
        }
        return routes
    }
}
