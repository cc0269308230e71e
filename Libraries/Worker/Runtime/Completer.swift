import Common
import Logging
import Queue
import Synchronization

/// Writes finished runs in batches: whatever finished while the previous write was in flight goes in the next
/// one (group commit), so a busy worker writes big batches and an idle one writes at once. A write that fails
/// (database down) keeps its runs and is retried: an outcome is never dropped.
final class Completer: Sendable {
    private let queue: JobQueue
    private let workerID: String
    private let backoff: Backoff
    private let deadline: Duration
    private let metrics: WorkerMetrics
    private let logger: Logger
    private let pending = Mutex<[FinishedJob]>([])
    private let signal = WakeSignal()
    private let closed = Mutex(false)
    private let onWritten: @Sendable () -> Void

    static let maxBatch = 5000
    static let retryDelay: Duration = .milliseconds(500)

    /// Each batch write ends by `deadline`; one that does not is retried like any failed write. `onWritten` runs
    /// after each batch is committed.
    init(
        queue: JobQueue, workerID: String, backoff: Backoff, deadline: Duration, metrics: WorkerMetrics, logger: Logger,
        onWritten: @escaping @Sendable () -> Void = {}
    ) {
        self.queue = queue
        self.workerID = workerID
        self.backoff = backoff
        self.deadline = deadline
        self.metrics = metrics
        self.logger = logger
        self.onWritten = onWritten
    }

    func add(_ finished: FinishedJob) {
        pending.withLock { $0.append(finished) }
        signal.ring()
    }

    /// Stops `run` once everything pending is written (or `deadline` passes).
    func close() {
        closed.withLock { $0 = true }
        signal.ring()
    }

    /// Writes batches until closed and drained; returns early only past `deadline` after closing.
    func run(closeDeadline: @escaping @Sendable () -> ContinuousClock.Instant?) async {
        var iterator = signal.makeIterator()
        while true {
            while let batch = takeBatch() {
                do {
                    try await write(batch)
                } catch {
                    pending.withLock { $0.insert(contentsOf: batch, at: 0) }
                    logger.error("writing job results failed; will retry", metadata: ["error": "\(String(reflecting: error))", "jobs": "\(batch.count)"])
                    metrics.databaseError(.complete)
                    if let deadline = closeDeadline(), ContinuousClock.now >= deadline { return }
                    try? await Task.sleep(for: Self.retryDelay)
                }
            }
            if closed.withLock({ $0 }) { return }
            guard await iterator.next() != nil else { return }
        }
    }

    var pendingCount: Int { pending.withLock { $0.count } }

    private func takeBatch() -> [FinishedJob]? {
        pending.withLock { pending in
            guard !pending.isEmpty else { return nil }
            let batch = Array(pending.prefix(Self.maxBatch))
            pending.removeFirst(batch.count)
            return batch
        }
    }

    private func write(_ batch: [FinishedJob]) async throws {
        var completed: [Int64] = []
        var results: [Int64: String] = [:]
        var failures: [JobFailure] = []
        var cancelled: [Int64] = []
        var snoozed: [JobSnooze] = []
        var outcomes: [(job: ClaimedJob, outcome: WorkerMetrics.Outcome)] = []
        outcomes.reserveCapacity(batch.count)
        for finished in batch {
            let job = finished.job
            switch finished.outcome {
            case .completed:
                completed.append(job.id)
                results[job.id] = finished.result
                outcomes.append((job, .completed))
            case .failed(let message, let retryIn, let permanent):
                let delay = retryIn ?? backoff.delay(attempt: job.attempt)
                let discard = permanent || job.isLastAttempt
                failures.append(JobFailure(id: job.id, error: message, retryIn: delay, discard: discard))
                outcomes.append((job, discard ? .discarded : .retried))
            case .cancelled:
                cancelled.append(job.id)
                outcomes.append((job, .cancelled))
            case .snoozed(let delay):
                snoozed.append(JobSnooze(id: job.id, delay: delay))
                outcomes.append((job, .snoozed))
            }
        }
        try await withDeadline(deadline) { [queue, workerID, completed, results, failures, cancelled, snoozed] in
            try await queue.complete(completed, workerID: workerID, results: results)
            try await queue.fail(failures, workerID: workerID)
            try await queue.markCancelled(cancelled, workerID: workerID)
            try await queue.snooze(snoozed, workerID: workerID)
        }
        onWritten()
        metrics.finished(outcomes)
    }
}
