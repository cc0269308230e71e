import Foundation
import Logging
import PostgresNIO
import Queue
import Worker

/// Kind `webhook.process`: applies a stored event's routes. In one transaction it enqueues one
/// `webhook.deliver` job per enabled route whose filter matches and marks the event `processed`
/// (with nothing sent when no route matches). On failure the event is marked `failed` with the reason.
public struct EventProcessor: JobHandler {
    public let kind = EventJobs.processKind
    let queue: JobQueue

    public init(queue: JobQueue) {
        self.queue = queue
    }

    struct Payload: Decodable {
        let eventID: Int64

        enum CodingKeys: String, CodingKey {
            case eventID = "event_id"
        }
    }

    public func run(_ job: JobContext) async throws {
        let eventID = try job.decodePayload(Payload.self).eventID
        do {
            try await process(eventID, logger: job.logger)
        } catch {
            let reason = String(describing: error).prefix(500)
            _ = try? await queue.client.query(
                "UPDATE webhook_events SET status = 'failed', error = \(String(reason)) WHERE id = \(eventID)",
                logger: job.logger
            ).collect()
            throw error
        }
    }

    private func process(_ eventID: Int64, logger: Logger) async throws {
        try await queue.client.withTransaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                SELECT e.event_type, r.id, r.event_types
                FROM webhook_events e LEFT JOIN routes r ON r.source_id = e.source_id AND r.enabled
                WHERE e.id = \(eventID)
                FOR UPDATE OF e
                """,
                logger: logger
            )
            var found = false
            var deliveries: [NewJob] = []
            for try await (eventType, routeID, patterns) in rows.decode((String?, Int64?, [String]?).self) {
                found = true
                if let routeID, let patterns, RouteFilter(patterns).matches(eventType) {
                    deliveries.append(EventJobs.deliver(eventID: eventID, routeID: routeID))
                }
            }
            guard found else { throw JobFailed("event \(eventID) does not exist") }
            _ = try await queue.enqueue(deliveries, on: connection)
            try await connection.query(
                "UPDATE webhook_events SET status = 'processed', error = NULL, processed_at = now() WHERE id = \(eventID)",
                logger: logger
            )
            logger.debug("event processed", metadata: ["event_id": "\(eventID)", "deliveries": "\(deliveries.count)"])
        }
    }
}
