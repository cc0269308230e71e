import Logging
import PostgresNIO

/// The one insert into `audit_log`. The admin API writes a row per mutation with its caller; Sluice writes rows
/// for changes it makes itself (an endpoint disabled by its health check) with `actor` naming the component.
public enum AuditTrail {
    public struct Actor: Sendable {
        public let userID: Int64?
        public let keyID: Int64?
        public let label: String
        public let requestID: String?
        public let clientAddress: String?

        public init(userID: Int64?, keyID: Int64?, label: String, requestID: String?, clientAddress: String?) {
            self.userID = userID
            self.keyID = keyID
            self.label = label
            self.requestID = requestID
            self.clientAddress = clientAddress
        }

        /// Sluice itself, e.g. `sluice-worker`.
        public static func system(_ component: String) -> Actor {
            Actor(userID: nil, keyID: nil, label: component, requestID: nil, clientAddress: nil)
        }
    }

    /// One row: `payloadJSON` is a JSON object holding no secret (the admin API redacts it first).
    public struct Entry: Sendable {
        public let actor: Actor
        public let action: String
        public let resourceType: String
        public let resourceID: String?
        public let payloadJSON: String

        public init(actor: Actor, action: String, resourceType: String, resourceID: String?, payloadJSON: String) {
            self.actor = actor
            self.action = action
            self.resourceType = resourceType
            self.resourceID = resourceID
            self.payloadJSON = payloadJSON
        }
    }

    public static func insert(
        on connection: PostgresConnection,
        actor: Actor,
        action: String,
        resourceType: String,
        resourceID: String?,
        payloadJSON: String,
        logger: Logger
    ) async throws {
        try await insert(
            [Entry(actor: actor, action: action, resourceType: resourceType, resourceID: resourceID, payloadJSON: payloadJSON)],
            on: connection, logger: logger
        )
    }

    /// Every entry in one statement (a batch of publishes writes its rows together). Absent ids and texts travel as
    /// 0 and '' (arrays of optionals do not bind): no id is 0, and no request id, address or resource id is empty.
    public static func insert(_ entries: [Entry], on connection: PostgresConnection, logger: Logger) async throws {
        guard !entries.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO audit_log (actor_user_id, actor_key_id, actor, action, resource_type, resource_id, request_id, client_address, payload)
            SELECT nullif(user_id, 0), nullif(key_id, 0), actor, action, resource_type, nullif(resource_id, ''), nullif(request_id, ''),
                   nullif(client_address, ''), payload::jsonb
            FROM unnest(\(entries.map { $0.actor.userID ?? 0 }), \(entries.map { $0.actor.keyID ?? 0 }), \(entries.map(\.actor.label)),
                        \(entries.map(\.action)), \(entries.map(\.resourceType)), \(entries.map { $0.resourceID ?? "" }),
                        \(entries.map { $0.actor.requestID ?? "" }), \(entries.map { $0.actor.clientAddress ?? "" }), \(entries.map(\.payloadJSON)))
                 AS t(user_id, key_id, actor, action, resource_type, resource_id, request_id, client_address, payload)
            """,
            logger: logger
        )
    }
}
