import Common
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
    public func add(
        sourceName: String,
        eventTypes: [String],
        targetURL: String,
        secret: String? = nil,
        on connection: PostgresConnection? = nil
    ) async throws -> (route: Route, secret: String) {
        try Self.validate(targetURL: targetURL)
        try Self.validate(eventTypes: eventTypes)
        let secret = secret ?? StandardWebhooksSigner.generateSecret()
        let rows = try await run(
            """
            INSERT INTO routes (source_id, event_types, target_url, secret_ciphertext)
            SELECT id, \(eventTypes), \(targetURL), \(ByteBuffer(bytes: try box.seal(secret))) FROM sources WHERE name = \(sourceName)
            RETURNING id, source_id, event_types, target_url, enabled
            """,
            on: connection
        )
        guard let route = try await Self.decode(rows).first else { throw SourceError.notFound(name: sourceName) }
        return (route, secret)
    }

    /// An http(s) URI with a host: ASCII only (an internationalised name is given in its punycode form).
    static func validate(targetURL: String) throws(SourceError) {
        guard targetURL.unicodeScalars.allSatisfy(\.isASCII), let url = URL(string: targetURL), let scheme = url.scheme, ["http", "https"].contains(scheme),
            url.host != nil
        else {
            throw .invalid(field: "target_url", reason: "must be an http or https URL (ASCII; a non-ASCII host in its xn-- form)")
        }
    }

    static func validate(eventTypes: [String]) throws(SourceError) {
        guard !eventTypes.isEmpty, eventTypes.count <= 100, eventTypes.allSatisfy({ !$0.isEmpty && $0.count <= 200 }) else {
            throw .invalid(field: "event_types", reason: "must list 1-100 names, `prefix.*` or `*`")
        }
    }

    public func get(_ id: Int64, on connection: PostgresConnection? = nil) async throws -> Route? {
        try await Self.decode(run("SELECT id, source_id, event_types, target_url, enabled FROM routes WHERE id = \(id)", on: connection)).first
    }

    /// Changes a route; `nil` leaves a field as it is.
    public func update(_ id: Int64, eventTypes: [String]?, targetURL: String?, enabled: Bool?, on connection: PostgresConnection? = nil) async throws -> Route? {
        if let targetURL { try Self.validate(targetURL: targetURL) }
        if let eventTypes { try Self.validate(eventTypes: eventTypes) }
        return try await Self.decode(
            run(
                """
                UPDATE routes SET event_types = coalesce(\(eventTypes), event_types), target_url = coalesce(\(targetURL), target_url),
                                  enabled = coalesce(\(enabled), enabled)
                WHERE id = \(id) RETURNING id, source_id, event_types, target_url, enabled
                """,
                on: connection
            )
        ).first
    }

    public func delete(_ id: Int64, on connection: PostgresConnection? = nil) async throws -> Bool {
        try await run("DELETE FROM routes WHERE id = \(id) RETURNING id", on: connection).collect().count == 1
    }

    /// All routes, or those of one source, oldest first.
    public func all(sourceName: String?, on connection: PostgresConnection? = nil) async throws -> [Route] {
        try await Self.decode(
            run(
                """
                SELECT r.id, r.source_id, r.event_types, r.target_url, r.enabled
                FROM routes r JOIN sources s ON s.id = r.source_id WHERE \(sourceName)::text IS NULL OR s.name = \(sourceName) ORDER BY r.id
                """,
                on: connection
            )
        )
    }

    func run(_ query: PostgresQuery, on connection: PostgresConnection?) async throws -> PostgresRowSequence {
        try await client.query(query, on: connection, logger: logger)
    }

    public func list(sourceName: String) async throws -> [Route] {
        try await all(sourceName: sourceName)
    }

    static func decode(_ rows: PostgresRowSequence) async throws -> [Route] {
        var routes: [Route] = []
        for try await (id, sourceID, eventTypes, targetURL, enabled) in rows.decode((Int64, Int64, [String], String, Bool).self) {
            routes.append(Route(id: id, sourceID: sourceID, filter: RouteFilter(eventTypes), targetURL: targetURL, enabled: enabled))
        }
        return routes
    }
}
