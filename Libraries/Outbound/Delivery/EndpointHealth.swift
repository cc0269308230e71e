import Common
import Foundation
import Logging
import PostgresNIO

/// Acts on what deliveries show about an endpoint: disables it (410 Gone, or failing for the whole disable window)
/// with an audit row and an `endpoint.disabled` event, and announces a delivery that ran out of attempts with
/// `message.attempt.exhausted`. Operational events go to the endpoints of the same application that name them.
struct EndpointHealth: Sendable {
    let client: PostgresClient
    let applications: ApplicationStore
    let messages: MessageStore
    let logger: Logger

    static let actor = AuditTrail.Actor.system("sluice-worker")
    /// Each of these transactions ends by then (see `withDeadline`: a query lost on a closed connection).
    static let deadline: Duration = .seconds(30)

    /// Disables the endpoint if it is still enabled; answers whether this call did.
    @discardableResult
    func disable(_ endpointID: Int64, reason: String) async throws -> Bool {
        try await withDeadline(Self.deadline) { try await disableNow(endpointID, reason: reason) }
    }

    private func disableNow(_ endpointID: Int64, reason: String) async throws -> Bool {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                UPDATE endpoints SET enabled = false, disabled_reason = \(reason), disabled_at = now(), updated_at = now()
                WHERE id = \(endpointID) AND enabled RETURNING application_id, failing_since
                """,
                logger: logger
            )
            guard let (applicationID, failingSince) = try await rows.decode((Int64, Date?).self).all().first,
                let application = try await applications.get(id: applicationID, on: connection)
            else { return false }
            try await AuditTrail.insert(
                on: connection, actor: Self.actor, action: "endpoint.disable", resourceType: "endpoint", resourceID: "\(endpointID)",
                payloadJSON: try SortedJSON.string(["application": application.uid, "reason": reason]), logger: logger
            )
            let data: [String: Any] = [
                "application": application.uid, "endpoint_id": endpointID, "reason": reason,
                "failing_since": failingSince.map { $0.formatted(.iso8601) } ?? NSNull(),
            ]
            try await publish(.endpointDisabled, data: data, to: application, on: connection)
            logger.warning("endpoint disabled", metadata: ["endpoint_id": "\(endpointID)", "application": "\(application.uid)", "reason": "\(reason)"])
            return true
        }
    }

    /// A delivery failed its last attempt: tells the application's subscribed endpoints (not for operational messages).
    func exhausted(_ target: DeliveryTarget, attempts: Int, lastError: String) async throws {
        guard !target.message.operational else { return }
        try await withDeadline(Self.deadline) { try await announceExhausted(target, attempts: attempts, lastError: lastError) }
    }

    private func announceExhausted(_ target: DeliveryTarget, attempts: Int, lastError: String) async throws {
        try await client.transaction(logger: logger) { connection in
            guard let application = try await applications.get(id: target.message.applicationID, on: connection) else { return }
            let data: [String: Any] = [
                "application": application.uid, "message_id": target.message.webhookID, "endpoint_id": target.endpointID,
                "event_type": target.message.eventType, "attempts": attempts, "last_error": lastError,
            ]
            try await publish(.attemptExhausted, data: data, to: application, on: connection)
        }
    }

    private func publish(_ event: OperationalEvent, data: [String: Any], to application: OutboundApplication, on connection: PostgresConnection) async throws {
        let payload = try SortedJSON.string(["type": event.rawValue, "timestamp": Date.now.formatted(.iso8601), "data": data])
        _ = try await messages.publish(to: application, eventType: event.rawValue, payload: payload, operational: true, on: connection)
    }
}
