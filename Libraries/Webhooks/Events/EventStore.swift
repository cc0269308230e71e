import Common
import Foundation
import Logging
import PostgresNIO
import Queue

/// Stored inbound events: replay re-runs an event's routes.
public struct EventStore: Sendable {
    let queue: JobQueue

    public init(queue: JobQueue) {
        self.queue = queue
    }

    /// Puts the event back to `received` and enqueues its processing again; false when there is no such event.
    public func replay(_ eventID: Int64, on connection: PostgresConnection? = nil) async throws -> Bool {
        if let connection { return try await replay(eventID, connection: connection) }
        return try await queue.client.transaction(logger: queue.logger) { try await replay(eventID, connection: $0) }
    }

    private func replay(_ eventID: Int64, connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.query(
            "UPDATE webhook_events SET status = 'received', error = NULL, processed_at = NULL WHERE id = \(eventID) RETURNING id",
            logger: queue.logger
        )
        guard try await rows.collect().count == 1 else { return false }
        _ = try await queue.enqueue(EventJobs.process(eventID: eventID), on: connection)
        return true
    }

    /// The event's processing status and error.
    public func status(_ eventID: Int64) async throws -> (status: String, error: String?)? {
        let rows = try await queue.client.query("SELECT status, error FROM webhook_events WHERE id = \(eventID)", logger: queue.logger)
        for try await row in rows.decode((String, String?).self) { return row }
        return nil
    }
}

/// A stored inbound event as the admin API shows it.
public struct StoredEvent: Sendable {
    public let id: Int64
    public let source: String
    public let externalID: String
    public let eventType: String?
    public let status: String
    public let error: String?
    public let receivedAt: Date
    public let processedAt: Date?
    public let headersJSON: String
    /// The raw body, base64.
    public let bodyBase64: String
}

extension EventStore {
    /// Events with ids below `before`, newest first, optionally of one source and status.
    public func list(source: String?, status: String?, before: Int64, limit: Int) async throws -> [StoredEvent] {
        try await decode(
            queue.client.query(
                """
                SELECT e.id, s.name, e.external_id, e.event_type, e.status, e.error, e.received_at, e.processed_at, e.headers::text,
                       translate(encode(e.body, 'base64'), E'\n', '')
                FROM webhook_events e JOIN sources s ON s.id = e.source_id
                WHERE e.id < \(before) AND (\(source)::text IS NULL OR s.name = \(source)) AND (\(status)::text IS NULL OR e.status = \(status))
                ORDER BY e.id DESC LIMIT \(limit)
                """,
                logger: queue.logger
            )
        )
    }

    public func get(_ id: Int64) async throws -> StoredEvent? {
        guard id < .max else { return nil }
        return try await list(source: nil, status: nil, before: id + 1, limit: 1).first { $0.id == id }
    }

    private func decode(_ rows: PostgresRowSequence) async throws -> [StoredEvent] {
        var events: [StoredEvent] = []
        for try await (id, source, externalID, eventType, status, error, receivedAt, processedAt, headers, body) in rows.decode(
            (Int64, String, String, String?, String, String?, Date, Date?, String, String).self
        ) {
            events.append(
                StoredEvent(
                    id: id, source: source, externalID: externalID, eventType: eventType, status: status, error: error,
                    receivedAt: receivedAt, processedAt: processedAt, headersJSON: headers, bodyBase64: body
                )
            )
        }
        return events
    }
}
