import Common
import Queue
import Synchronization

/// The last `QueueControls` a worker read, shared by its claim loop and its completer.
final class CachedControls: Sendable {
    private let value = Mutex(QueueControls())

    var current: QueueControls {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}

extension Worker {
    /// Claims up to `want` jobs: queues without controls with the fast statement (as if no control existed), queues
    /// with a paused kind or a limit with `claimControlled`; paused queues not at all. The cache only picks the
    /// statement: the fast one skips any queue that has a control row by then, the controlled one reads the rows afresh.
    func claim(_ want: Int) async throws -> [ClaimedJob] {
        let cached = controls.current
        let controlled = cached.controlledQueues
        let paused = cached.pausedQueues
        let fast = configuration.queues.filter { !controlled.contains($0) }
        let limited = configuration.queues.filter { controlled.contains($0) && !paused.contains($0) }
        return try await withDeadline(Self.databaseDeadline) { [queue, configuration] in
            var jobs: [ClaimedJob] = []
            if !limited.isEmpty {
                jobs = try await queue.claimControlled(workerID: configuration.id, queues: limited, limit: want, lease: configuration.lease)
            }
            if !fast.isEmpty, jobs.count < want {
                jobs += try await queue.claim(workerID: configuration.id, queues: fast, limit: want - jobs.count, lease: configuration.lease)
            }
            return jobs
        }
    }

    /// Reads the queues' controls again and claims at once if they changed; on failure the last ones stay (the
    /// statements check the table themselves, so a stale cache delays a resume, never a pause or a limit).
    func refreshControls() async {
        do {
            let fresh = try await withDeadline(Self.databaseDeadline) { [queue] in try await queue.controls() }
            guard fresh != controls.current else { return }
            controls.current = fresh
            wake.ring()
        } catch {
            logger.error("reading queue controls failed", metadata: ["error": "\(String(reflecting: error))"])
            metrics.databaseError(.controls)
        }
    }

    /// Runs the handler; past `timeout` its task is cancelled and the attempt fails. The slot is free once the handler
    /// returns, which cooperative cancellation makes prompt (`Task.sleep`, HTTP requests and database calls honour it).
    static func run(_ handler: any JobHandler, _ context: JobContext, timeout: Duration?) async throws {
        guard let timeout else { return try await handler.run(context) }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            defer { group.cancelAll() }
            group.addTask {
                try await handler.run(context)
                return true
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return false
            }
            guard try await group.next() == true else { throw JobFailed("timed out after \(Self.format(timeout)) s") }
        }
    }

    static func format(_ duration: Duration) -> String {
        let seconds = duration.seconds
        return seconds == seconds.rounded() ? "\(Int(seconds))" : "\(seconds)"
    }
}
