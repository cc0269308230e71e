import Foundation
import Logging
import PostgresNIO
import Queue

/// Messages, their deliveries and the attempt log: publish, list, inspect, resend and recover.
public struct MessageStore: Sendable {
    let database: OutboundDatabase
    let queue: JobQueue

    public init(queue: JobQueue, logger: Logger) {
        self.database = OutboundDatabase(client: queue.client, logger: logger)
        self.queue = queue
    }

    static let columns = "m.id, m.application_id, m.event_type, m.event_id, m.payload, m.operational, m.created_at"

    /// A message's status from its deliveries: `pending` while any is, else `failed` if any failed, else `succeeded`.
    public enum Status: String, Sendable, CaseIterable {
        case pending, succeeded, failed

        var condition: String {
            switch self {
            case .pending: "EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id AND d.status = 'pending')"
            case .failed:
                """
                NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id AND d.status = 'pending')
                AND EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id AND d.status = 'failed')
                """
            case .succeeded: "NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id AND d.status <> 'succeeded')"
            }
        }
    }

    /// A listed message with its status and delivery count.
    public struct Listed: Sendable {
        public let message: Message
        public let status: Status
        public let deliveries: Int
    }

    /// Newest first: `limit` messages with an id below `before`, filtered by event type, creation time and status.
    public func list(
        applicationID: Int64,
        eventType: String?,
        since: Date?,
        until: Date?,
        status: Status?,
        limit: Int,
        before: Int64
    ) async throws -> [Listed] {
        let rows = try await database.query(
            """
            SELECT \(unescaped: Self.columns),
                   (SELECT count(*) FILTER (WHERE d.status = 'pending') FROM deliveries d WHERE d.message_id = m.id),
                   (SELECT count(*) FILTER (WHERE d.status = 'failed') FROM deliveries d WHERE d.message_id = m.id),
                   (SELECT count(*) FROM deliveries d WHERE d.message_id = m.id)
            FROM messages m
            WHERE m.application_id = \(applicationID) AND m.id < \(before)
              AND (\(eventType)::text IS NULL OR m.event_type = \(eventType))
              AND (\(since)::timestamptz IS NULL OR m.created_at >= \(since))
              AND (\(until)::timestamptz IS NULL OR m.created_at < \(until))
              AND \(unescaped: status?.condition ?? "true")
            ORDER BY m.id DESC LIMIT \(limit)
            """
        )
        var listed: [Listed] = []
        for try await row in rows {
            let columns = row.makeRandomAccess()
            let message = try Self.decodeMessage(row)
            let (pending, failed, total) = (try columns[7].decode(Int.self), try columns[8].decode(Int.self), try columns[9].decode(Int.self))
            listed.append(Listed(message: message, status: pending > 0 ? .pending : failed > 0 ? .failed : .succeeded, deliveries: total))
        }
        return listed
    }

    /// The message with every delivery and every attempt, oldest first.
    public func detail(applicationID: Int64, _ id: Int64, on connection: PostgresConnection? = nil) async throws -> MessageDetail? {
        var message: Message?
        for try await row in try await database.query(
            "SELECT \(unescaped: Self.columns) FROM messages m WHERE m.id = \(id) AND m.application_id = \(applicationID)", on: connection
        ) {
            message = try Self.decodeMessage(row)
        }
        guard let message else { return nil }
        let deliveries = try await database.query(
            """
            SELECT id, message_id, endpoint_id, status, attempts, last_attempt_at, next_attempt_at, created_at
            FROM deliveries WHERE message_id = \(id) ORDER BY id
            """,
            on: connection
        )
        var found: [Delivery] = []
        for try await (id, messageID, endpointID, status, attempts, last, next, created) in deliveries.decode(
            (Int64, Int64, Int64, String, Int, Date?, Date?, Date).self
        ) {
            found.append(
                Delivery(id: id, messageID: messageID, endpointID: endpointID, status: Delivery.Status(rawValue: status) ?? .pending, attempts: attempts,
                         lastAttemptAt: last, nextAttemptAt: next, createdAt: created)
            )
        }
        let attempts = try await database.query(
            """
            SELECT a.id, a.delivery_id, a.attempt, a.started_at, a.succeeded, a.status_code, a.latency_seconds, a.error, a.response_headers::text,
                   a.response_body
            FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id WHERE d.message_id = \(id) ORDER BY a.id
            """,
            on: connection
        )
        var log: [DeliveryAttempt] = []
        for try await (id, deliveryID, attempt, startedAt, succeeded, status, latency, error, headers, body) in attempts.decode(
            (Int64, Int64, Int, Date, Bool, Int?, Double, String?, String, String).self
        ) {
            log.append(
                DeliveryAttempt(id: id, deliveryID: deliveryID, attempt: attempt, startedAt: startedAt, succeeded: succeeded, statusCode: status,
                                latencySeconds: latency, error: error, responseHeaders: headers, responseBody: body)
            )
        }
        return MessageDetail(message: message, deliveries: found, attempts: log)
    }

    static func decodeMessage(_ row: PostgresRow) throws -> Message {
        let c = row.makeRandomAccess()
        return Message(
            id: try c[0].decode(Int64.self), applicationID: try c[1].decode(Int64.self), eventType: try c[2].decode(String.self),
            eventID: try c[3].decode(String?.self), payload: try c[4].decode(String.self), operational: try c[5].decode(Bool.self),
            createdAt: try c[6].decode(Date.self)
        )
    }
}
