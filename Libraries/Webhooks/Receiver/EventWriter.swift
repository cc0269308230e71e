import Common
import Logging
import PostgresNIO
import Queue
import ServiceLifecycle
import Synchronization

/// Stores inbound events with group commit: requests that arrive while a write is in flight share the next one.
/// Each write is one statement, so one transaction and one round trip: it inserts the events and a processing job
/// per new event; `notifier` then wakes the workers. Every request is answered only after its rows are committed.
public final class EventWriter: Service {
    private struct Pending {
        let event: InboundEvent
        let continuation: CheckedContinuation<StoreOutcome, any Error>
    }

    let queue: JobQueue
    let notifier: DueNotifier
    let logger: Logger
    let flushers: Int
    let maxBatch: Int
    let timeout: Duration
    /// Requests waiting for a transaction; `closed` once shutting down, so none is taken after the last flush.
    private let pending = Mutex<(requests: [Pending], closed: Bool)>(([], false))
    private let inFlight = Mutex(0)
    private let stream: AsyncStream<Void>
    private let ring: AsyncStream<Void>.Continuation

    /// `flushers` writes may be in flight at once; each takes up to `maxBatch` requests; a write not committed
    /// within `timeout` fails its requests (they answer 503 and the provider retries).
    public init(queue: JobQueue, notifier: DueNotifier, logger: Logger, flushers: Int = 8, maxBatch: Int = 256, timeout: Duration = .seconds(3)) {
        self.queue = queue
        self.notifier = notifier
        self.logger = logger
        self.flushers = flushers
        self.maxBatch = maxBatch
        self.timeout = timeout
        (stream, ring) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    /// Stores `event` and its processing job; returns once committed (or throws: nothing was acknowledged).
    public func store(_ event: InboundEvent) async throws -> StoreOutcome {
        try await withCheckedThrowingContinuation { continuation in
            let accepted = pending.withLock { pending in
                guard !pending.closed else { return false }
                pending.requests.append(Pending(event: event, continuation: continuation))
                return true
            }
            guard accepted else { return continuation.resume(throwing: CancellationError()) }
            ring.yield()
        }
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            await withGracefulShutdownHandler {
                for await _ in stream {
                    while inFlight.withLock({ $0 < flushers }), let batch = take() {
                        inFlight.withLock { $0 += 1 }
                        group.addTask {
                            await self.flush(batch)
                            self.inFlight.withLock { $0 -= 1 }
                            self.ring.yield()
                        }
                    }
                }
            } onGracefulShutdown: {
                self.ring.finish()
            }
            pending.withLock { $0.closed = true }
            while let batch = take() { await flush(batch) }
        }
        failAll(CancellationError())
    }

    private func take() -> [Pending]? {
        pending.withLock { pending in
            guard !pending.requests.isEmpty else { return nil }
            let batch = Array(pending.requests.prefix(maxBatch))
            pending.requests.removeFirst(batch.count)
            return batch
        }
    }

    private func failAll(_ error: any Error) {
        let left = pending.withLock { pending in
            defer { pending.requests.removeAll() }
            return pending.requests
        }
        for request in left { request.continuation.resume(throwing: error) }
    }

    private func flush(_ batch: [Pending]) async {
        do {
            let outcomes = try await withDeadline(timeout) { [queue, logger] in
                try await queue.client.withConnection { connection in
                    try await Self.write(batch.map(\.event), on: connection, logger: logger)
                }
            }
            if outcomes.contains(where: \.isStored) { notifier.jobsAdded() }
            for (request, outcome) in zip(batch, outcomes) { request.continuation.resume(returning: outcome) }
        } catch {
            logger.error("storing inbound events failed", metadata: ["events": "\(batch.count)", "error": "\(String(reflecting: error))"])
            for request in batch { request.continuation.resume(throwing: error) }
        }
    }

    /// Inserts the events and a processing job per new one in one statement, then looks up the ids of duplicates.
    static func write(_ events: [InboundEvent], on connection: PostgresConnection, logger: Logger) async throws -> [StoreOutcome] {
        let rows = try await connection.execute(StoreEventsStatement(events: events), logger: logger)
        var stored: [EventKey: Int64] = [:]
        for try await (id, sourceID, externalID) in rows {
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
