import Logging
import ServiceLifecycle
import Synchronization

/// Group commit: callers that submit while a write is in flight share the next one. Each caller gets its own
/// result once the write holding its item has committed, or the write's error. The same batching serves reads
/// (`TargetLoader`): the "write" is then one query answering every item submitted meanwhile. Run it as a
/// `Service`; on graceful shutdown it writes what is pending and then refuses new items.
public final class GroupCommitter<Item: Sendable, Outcome: Sendable>: Service {
    private struct Pending {
        let item: Item
        let continuation: CheckedContinuation<Outcome, any Error>
    }

    /// Writes a batch and answers one outcome per item, in order.
    public typealias Write = @Sendable ([Item]) async throws -> [Outcome]

    let flushers: Int
    let maxBatch: Int
    let write: Write
    private let pending = Mutex<(items: [Pending], closed: Bool)>(([], false))
    private let inFlight = Mutex(0)
    /// Rung by every submit and every finished write; rings that come while the loop is busy are one ring, since
    /// the loop takes all that is pending each time (a ring per item woke it once per item).
    private let signal = WakeSignal()

    /// `flushers` writes may be in flight at once; each takes up to `maxBatch` items.
    public init(flushers: Int, maxBatch: Int, write: @escaping Write) {
        self.flushers = flushers
        self.maxBatch = maxBatch
        self.write = write
    }

    /// Returns once `item` is written, with its outcome; throws the write's error (nothing was committed for it).
    public func submit(_ item: Item) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            let accepted = pending.withLock { pending in
                guard !pending.closed else { return false }
                pending.items.append(Pending(item: item, continuation: continuation))
                return true
            }
            guard accepted else { return continuation.resume(throwing: CancellationError()) }
            signal.ring()
        }
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            await withGracefulShutdownHandler {
                var rings = signal.makeIterator()
                while await rings.next() != nil {
                    while inFlight.withLock({ $0 < flushers }), let batch = take() {
                        inFlight.withLock { $0 += 1 }
                        group.addTask {
                            await self.flush(batch)
                            self.inFlight.withLock { $0 -= 1 }
                            self.signal.ring()
                        }
                    }
                }
            } onGracefulShutdown: {
                self.signal.close()
            }
            pending.withLock { $0.closed = true }
            while let batch = take() { await flush(batch) }
        }
        let left = pending.withLock { pending in
            defer { pending.items.removeAll() }
            return pending.items
        }
        for item in left { item.continuation.resume(throwing: CancellationError()) }
    }

    private func take() -> [Pending]? {
        pending.withLock { pending in
            guard !pending.items.isEmpty else { return nil }
            let batch = Array(pending.items.prefix(maxBatch))
            pending.items.removeFirst(batch.count)
            return batch
        }
    }

    private func flush(_ batch: [Pending]) async {
        do {
            let outcomes = try await write(batch.map(\.item))
            precondition(outcomes.count == batch.count, "a group write must answer one outcome per item")
            for (request, outcome) in zip(batch, outcomes) { request.continuation.resume(returning: outcome) }
        } catch {
            for request in batch { request.continuation.resume(throwing: error) }
        }
    }
}
