import Common
import Logging
import PostgresNIO
import Queue
import ServiceLifecycle

/// Stores inbound events with group commit: requests that arrive while a write is in flight share the next one.
/// Each write is one statement, so one transaction and one round trip: it inserts the events and a processing job
/// per new event; `notifier` then wakes the workers. Every request is answered only after its rows are committed.
public final class EventWriter: Service {
    private let committer: GroupCommitter<InboundEvent, StoreOutcome>

    /// `flushers` writes may be in flight at once; each takes up to `maxBatch` requests; a write not committed
    /// within `timeout` fails its requests (they answer 503 and the provider retries).
    public init(queue: JobQueue, notifier: DueNotifier, logger: Logger, flushers: Int = 8, maxBatch: Int = 256, timeout: Duration = .seconds(3)) {
        committer = GroupCommitter(flushers: flushers, maxBatch: maxBatch) { events in
            let start = ContinuousClock.now
            ReceiverMetrics.writeBatchSize.record(Double(events.count))
            defer { ReceiverMetrics.writeDuration.record(.now - start) }
            do {
                let outcomes = try await withDeadline(timeout) {
                    try await queue.client.withConnection { connection in
                        try await Self.write(events, on: connection, poolMode: queue.poolMode, logger: logger)
                    }
                }
                if outcomes.contains(where: \.isStored) { notifier.jobsAdded() }
                return outcomes
            } catch {
                logger.error("storing inbound events failed", metadata: ["events": "\(events.count)", "error": "\(String(reflecting: error))"])
                throw error
            }
        }
    }

    /// Stores `event` and its processing job; returns once committed (or throws: nothing was acknowledged).
    public func store(_ event: InboundEvent) async throws -> StoreOutcome {
        try await committer.submit(event)
    }

    public func run() async throws {
        try await committer.run()
    }

    /// Inserts the events and a processing job per new one in one statement, then looks up the ids of duplicates.
    static func write(_ events: [InboundEvent], on connection: PostgresConnection, poolMode: PoolMode, logger: Logger) async throws -> [StoreOutcome] {
        let rows = try await connection.execute(StoreEventsStatement(events: events), poolMode: poolMode, logger: logger)
        var stored: [EventKey: Int64] = [:]
        for (id, sourceID, externalID) in rows {
            stored[EventKey(sourceID: sourceID, externalID: externalID)] = id
        }
        var existing: [EventKey: Int64] = [:]
        let missing = events.filter { stored[EventKey($0)] == nil }
        if !missing.isEmpty {
            let found = try await connection.query(
                """
                SELECT e.id, e.source_id, e.external_id FROM webhook_events e
                JOIN unnest(\(missing.map(\.sourceID)), \(missing.map(\.externalID))) AS t(source_id, external_id)
                  ON e.source_id = t.source_id AND e.external_id = t.external_id
                """,
                logger: logger
            )
            for try await (id, sourceID, externalID) in found.decode((Int64, Int64, String).self) {
                existing[EventKey(sourceID: sourceID, externalID: externalID)] = id
            }
        }
        var claimed = Set<Int64>()
        return try events.map { event in
            let key = EventKey(event)
            if let id = stored[key], claimed.insert(id).inserted { return .stored(eventID: id) }
            guard let id = stored[key] ?? existing[key] else { throw EventWriterError.lostEvent(event.externalID) }
            return .duplicate(eventID: id)
        }
    }
}

struct EventKey: Hashable {
    let sourceID: Int64
    let externalID: String

    init(sourceID: Int64, externalID: String) {
        self.sourceID = sourceID
        self.externalID = externalID
    }

    init(_ event: InboundEvent) {
        self.init(sourceID: event.sourceID, externalID: event.externalID)
    }
}

enum EventWriterError: Error {
    /// A conflicting event was neither inserted nor found: should not happen while events are never deleted.
    case lostEvent(String)
}
