import Common
import Foundation
import Queue

/// How a worker runs; every tunable has a default. `from(environment:)` reads the `SLUICE_WORKER_*` variables.
public struct WorkerConfiguration: Sendable, Equatable {
    /// Unique per process: host, pid and a random suffix.
    public var id: String
    /// `webhooks` carries inbound event processing and deliveries to routes, `outbound` deliveries to partners' endpoints.
    public var queues: [String] = [NewJob.defaultQueue, "webhooks", "outbound"]
    /// Jobs run at once.
    public var concurrency = 100
    /// Most jobs claimed per statement.
    public var batchSize = 100
    /// How often an idle worker looks for due jobs when no NOTIFY arrives (and in poll-only mode).
    public var pollInterval: Duration = .seconds(1)
    /// How long a claimed job stays locked without renewal; renewed every third of it while the job runs.
    public var lease: Duration = .seconds(30)
    /// On SIGTERM, how long in-flight jobs may take to finish before they are handed back.
    public var shutdownGrace: Duration = .seconds(20)
    /// Wake on `LISTEN`/`NOTIFY` where the queue can listen (behind a transaction pooler only with a direct URL);
    /// false for poll-only mode.
    public var listen = true
    public var backoff = Backoff()
    public var retention = Retention()
    /// How often maintenance (rescue, pruning) is attempted; one process at a time runs it.
    public var maintenanceInterval: Duration = .seconds(5)
    /// Worker rows silent this long are removed.
    public var staleWorkerAfter: Duration = .seconds(120)

    public init(id: String = WorkerConfiguration.makeID()) {
        self.id = id
    }

    public static func makeID() -> String {
        let suffix = String(UInt32.random(in: .min ... .max), radix: 16)
        return "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(suffix)"
    }

    /// Reads `SLUICE_WORKER_QUEUES` (comma-separated), `_CONCURRENCY`, `_BATCH_SIZE`, `_POLL_INTERVAL`, `_LEASE`,
    /// `_SHUTDOWN_GRACE`, `_LISTEN` and `SLUICE_RETENTION_COMPLETED`/`_DISCARDED` (durations in seconds).
    public static func from(environment: Environment) throws(ConfigurationError) -> WorkerConfiguration {
        var config = WorkerConfiguration()
        config.queues = try environment.list("SLUICE_WORKER_QUEUES", default: config.queues)
        if let bad = config.queues.first(where: { !NewJob.isValidQueueName($0) }) {
            throw ConfigurationError(variable: "SLUICE_WORKER_QUEUES", reason: "has invalid queue name '\(bad)'")
        }
        config.concurrency = try environment.integer("SLUICE_WORKER_CONCURRENCY", default: config.concurrency, in: 1...10_000)
        config.batchSize = try environment.integer("SLUICE_WORKER_BATCH_SIZE", default: config.batchSize, in: 1...5_000)
        config.pollInterval = try environment.seconds("SLUICE_WORKER_POLL_INTERVAL", default: config.pollInterval, in: 0.01...60)
        config.lease = try environment.seconds("SLUICE_WORKER_LEASE", default: config.lease, in: 1...3600)
        config.shutdownGrace = try environment.seconds("SLUICE_WORKER_SHUTDOWN_GRACE", default: config.shutdownGrace, in: 0...3600)
        config.listen = try environment.bool("SLUICE_WORKER_LISTEN", default: config.listen)
        config.retention.completed = try environment.seconds("SLUICE_RETENTION_COMPLETED", default: config.retention.completed, in: 0...31_536_000)
        config.retention.cancelled = config.retention.completed
        config.retention.discarded = try environment.seconds("SLUICE_RETENTION_DISCARDED", default: config.retention.discarded, in: 0...31_536_000)
        return config
    }

    /// Without a NOTIFY (poll-only mode, a lost connection), changed pauses and limits are read this often.
    var controlsRefreshInterval: Duration { max(pollInterval, .seconds(1)) }

    /// Leases are renewed (and the heartbeat written) this often.
    var renewInterval: Duration { min(lease / 3, .seconds(10)) }
}
