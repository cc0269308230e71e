import Common
import Logging
import Queue
import Synchronization

/// Writes the log lines of every running job in batches: lines that arrive within `interval` of each other share one
/// INSERT, so a chatty handler costs a statement per interval, not per line. A failed write keeps its lines for the
/// next turn (up to `maxPending`; beyond that the oldest are dropped and counted).
final class JobLogWriter: Sendable {
    private let queue: JobQueue
    private let deadline: Duration
    private let interval: Duration
    private let metrics: WorkerMetrics
    private let logger: Logger
    private let pending = Mutex<[JobLogLine]>([])
    private let signal = WakeSignal()

    static let maxPending = 50_000

    init(queue: JobQueue, deadline: Duration, interval: Duration = .milliseconds(100), metrics: WorkerMetrics, logger: Logger) {
        self.queue = queue
        self.deadline = deadline
        self.interval = interval
        self.metrics = metrics
        self.logger = logger
    }

    func add(_ line: JobLogLine) {
        let dropped = pending.withLock { pending in
            pending.append(line)
            guard pending.count > Self.maxPending else { return 0 }
            let over = pending.count - Self.maxPending
            pending.removeFirst(over)
            return over
        }
        if dropped > 0 { metrics.logLinesDropped.increment(by: Int64(dropped)) }
        signal.ring()
    }

    /// Writes until `close`, then once more for what is left.
    func run() async {
        var rings = signal.makeIterator()
        while await rings.next() != nil {
            try? await Task.sleep(for: interval)
            await flush()
        }
        await flush()
    }

    func close() {
        signal.close()
    }

    private func flush() async {
        let batch = pending.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
        guard !batch.isEmpty else { return }
        do {
            try await withDeadline(deadline) { [queue] in try await queue.appendLogs(batch) }
        } catch {
            pending.withLock { $0.insert(contentsOf: batch, at: 0) }
            signal.ring()
            logger.error("writing job log lines failed; will retry", metadata: ["error": "\(String(reflecting: error))", "lines": "\(batch.count)"])
            metrics.databaseError(.logs)
        }
    }
}
