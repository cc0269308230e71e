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
    public func replay(_ eventID: Int64) async throws -> Bool {
        try await queue.client.withTransaction(logger: queue.logger) { connection in
            let rows = try await connection.query(
                "UPDATE webhook_events SET status = 'received', error = NULL, processed_at = NULL WHERE id = \(eventID) RETURNING id",
                logger: queue.logger
            )
            guard try await rows.collect().count == 1 else { return false }
            try await queue.enqueue(EventJobs.process(eventID: eventID), on: connection)
            return true
        }
    }

    /// The event's processing status and error.
    public func status(_ eventID: Int64) async throws -> (status: String, error: String?)? {
        let rows = try await queue.client.query("SELECT status, error FROM webhook_events WHERE id = \(eventID)", logger: queue.logger)
        for try await row in rows.decode((String, String?).self) { return row }
        return nil
    }
}
