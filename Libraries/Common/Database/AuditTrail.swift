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

    /// `payloadJSON` is a JSON object holding no secret (the admin API redacts it first).
    public static func insert(
        on connection: PostgresConnection,
        actor: Actor,
        action: String,
        resourceType: String,
        resourceID: String?,
        payloadJSON: String,
        logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO audit_log (actor_user_id, actor_key_id, actor, action, resource_type, resource_id, request_id, client_address, payload)
            VALUES (\(actor.userID), \(actor.keyID), \(actor.label), \(action), \(resourceType), \(resourceID), \(actor.requestID),
                    \(actor.clientAddress), \(payloadJSON)::jsonb)
            """,
            logger: logger
        )
    }
}
