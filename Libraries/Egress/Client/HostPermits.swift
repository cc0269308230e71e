import Synchronization

/// At most `limit` requests in flight to one host, the same number as the HTTP pool's connections per host, so
/// a request holding a permit never queues inside the pool, where its timeout would already be running.
/// Waiters are served in arrival order; a cancelled waiter leaves the queue.
final class HostPermits: Sendable {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct Host {
        var held = 0
        var waiters: [Waiter] = []
    }

    private struct State {
        var hosts: [String: Host] = [:]
        var nextID: UInt64 = 0
    }

    private let limit: Int
    private let state = Mutex(State())

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Waits for a permit to `host`; throws `CancellationError` if the task is cancelled first.
    func acquire(_ host: String) async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // Task.isCancelled is read under the lock: a cancellation that ran its handler before the waiter
                // was queued is seen here, and one that comes later finds the waiter.
                let outcome: Result<Void, any Error>? = state.withLock { state in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    var entry = state.hosts[host, default: Host()]
                    defer { state.hosts[host] = entry }
                    guard entry.held < limit else {
                        entry.waiters.append(Waiter(id: id, continuation: continuation))
                        return nil
                    }
                    entry.held += 1
                    return .success(())
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.hosts[host]?.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.hosts[host]?.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Returns a permit: the longest waiter gets it, or the count drops.
    func release(_ host: String) {
        let next = state.withLock { state -> Waiter? in
            guard var entry = state.hosts[host] else { return nil }
            if !entry.waiters.isEmpty {
                let waiter = entry.waiters.removeFirst()
                state.hosts[host] = entry
                return waiter
            }
            entry.held -= 1
            state.hosts[host] = entry.held > 0 ? entry : nil
            return nil
        }
        next?.continuation.resume()
    }
}
