import Common
import Logging
import PostgresNIO
import ServiceLifecycle

/// Tells the workers that jobs became due on one queue, with at most one NOTIFY per `interval` however many
/// writes added jobs meanwhile. For writers that commit thousands of times a second (the webhook receiver): a
/// NOTIFY inside the writing transaction serializes the commits, since PostgreSQL takes one lock for every
/// transaction that notifies. The jobs are committed before they are announced; a NOTIFY that fails is logged
/// and the workers' poll finds the jobs.
public final class DueNotifier: Service {
    let queue: JobQueue
    let queueName: String
    let interval: Duration
    private let wake = WakeSignal()

    public init(queue: JobQueue, queueName: String, interval: Duration = .milliseconds(5)) {
        self.queue = queue
        self.queueName = queueName
        self.interval = interval
    }

    /// Jobs were committed on the queue: the workers hear of it within `interval` (plus one NOTIFY).
    public func jobsAdded() {
        wake.ring()
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            var rings = wake.makeIterator()
            while await rings.next() != nil {
                await announce()
                try? await Task.sleep(for: interval)
            }
        } onGracefulShutdown: {
            self.wake.close()
        }
    }

    private func announce() async {
        do {
            let payload = JobNotification.due(queue: queueName).payload
            _ = try await withDeadline(.seconds(3)) { [queue] in
                try await queue.run("SELECT pg_notify(\(queue.channel), \(payload))").collect()
            }
        } catch {
            queue.logger.warning("waking workers failed; they will find the jobs by polling", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}
