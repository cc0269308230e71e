import ArgumentParser
import Queue
import Common
import Synchronization

/// `enqueue --count N --batch B`: enqueues N jobs through `JobQueue.enqueue`, B per statement, from
/// `--parallel` connections at once, and reports the enqueue rate.
struct EnqueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enqueue", abstract: "Enqueue jobs in batches; report jobs/s.")

    @OptionGroup var options: CommonOptions
    @Option(help: "Jobs to enqueue.") var count = 200_000
    @Option(help: "Jobs per enqueue statement.") var batch = 1_000
    @Option(help: "Job kind (the worker's built-in `noop` does nothing).") var kind = "noop"
    @Option(help: "Queue to enqueue into.") var queue = NewJob.defaultQueue
    @Option(help: "Enqueue statements in flight at once, each on its own connection.") var parallel = 1

    func validate() throws {
        guard count > 0, batch > 0, parallel > 0 else { throw ValidationError("--count, --batch and --parallel must be positive") }
    }

    func run() async throws {
        let database = BenchDatabase(options: options)
        let sizes = stride(from: 0, to: count, by: batch).map { min(batch, count - $0) }
        let job = NewJob(kind: kind, queue: queue)
        let parallel = min(parallel, sizes.count)
        let next = BatchTickets()
        let start = ContinuousClock.now
        try await database.withClient(connections: parallel) { client in
            let jobQueue = JobQueue(client: client, schema: database.schema, logger: database.logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<parallel {
                    group.addTask {
                        while true {
                            let index = next.take()
                            guard index < sizes.count else { return }
                            _ = try await jobQueue.enqueue([NewJob](repeating: job, count: sizes[index]))
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        let elapsed = BenchReport.seconds(ContinuousClock.now - start)
        BenchReport.emit([
            ("enqueued", "\(count)"),
            ("enqueue_seconds", BenchReport.fixed(elapsed)),
            ("enqueue_rate", BenchReport.fixed(Double(count) / elapsed, 0)),
        ])
    }
}

/// Hands out batch numbers to the concurrent enqueuers.
final class BatchTickets: Sendable {
    private let next = Atomic(0)

    func take() -> Int { next.add(1, ordering: .relaxed).oldValue }
}
