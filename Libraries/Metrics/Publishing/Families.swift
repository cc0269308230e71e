import Foundation
import Prometheus

/// Every exported metric family, named and described once; `publish` maps a `Snapshot` onto them.
struct Families {
    let jobs, queueDepth, oldestDueAge, deadLetters, paused: GaugeFamily
    let completed, cancelled, discarded: CounterFamily
    let workers, heartbeatAge, workerRunning, workerConcurrency: GaugeFamily
    let inboundEvents, deliveries, endpointsDisabled: GaugeFamily
    let databaseUp, databaseSize, connections, longestTransaction, oldestXmin: GaugeFamily
    let deadTuples, lastAutovacuum, estimated, refreshDuration: GaugeFamily

    init(registry r: PrometheusCollectorRegistry) {
        let byQueueKind = ["queue", "kind"]
        jobs = GaugeFamily(
            "jobs", help: "Live jobs by queue, kind and state (available, scheduled, retryable, running).", labels: byQueueKind + ["state"],
            registry: r)
        queueDepth = GaugeFamily("queue_depth", help: "Jobs due now (waiting with run_at in the past) per queue.", labels: ["queue"], registry: r)
        oldestDueAge = GaugeFamily(
            "queue_oldest_due_job_age_seconds", help: "Seconds since the oldest due job of the queue became due; 0 when none is due.",
            labels: ["queue"], registry: r
        )
        deadLetters = GaugeFamily(
            "dlq_jobs", help: "Discarded jobs kept in the dead-letter queue, by queue and kind.", labels: byQueueKind, registry: r)
        paused = GaugeFamily(
            "queue_paused", help: "1 for each paused queue (kind \"\") or paused kind within a queue: workers claim none of its jobs.",
            labels: byQueueKind, registry: r)
        completed = CounterFamily(
            "jobs_completed", help: "Jobs completed since the queue was created (survives pruning).", labels: byQueueKind, registry: r)
        cancelled = CounterFamily(
            "jobs_cancelled", help: "Jobs cancelled since the queue was created (survives pruning).", labels: byQueueKind, registry: r)
        discarded = CounterFamily(
            "jobs_discarded", help: "Jobs discarded into the dead-letter queue since the queue was created.", labels: byQueueKind, registry: r)
        workers = GaugeFamily("workers", help: "Live worker processes (rows in workers).", registry: r)
        heartbeatAge = GaugeFamily(
            "worker_heartbeat_age_seconds", help: "Seconds since the worker's last heartbeat.", labels: ["worker_id"], registry: r)
        workerRunning = GaugeFamily("worker_running_jobs", help: "Jobs the worker holds a lease on.", labels: ["worker_id"], registry: r)
        workerConcurrency = GaugeFamily("worker_concurrency", help: "Jobs the worker may run at once.", labels: ["worker_id"], registry: r)
        inboundEvents = GaugeFamily(
            "inbound_events", help: "Stored inbound webhook events by source and status.", labels: ["source", "status"], registry: r)
        deliveries = GaugeFamily("outbound_deliveries", help: "Outbound deliveries (message x endpoint) by status.", labels: ["status"], registry: r)
        endpointsDisabled = GaugeFamily("outbound_endpoints_disabled", help: "Outbound endpoints that are disabled.", registry: r)
        databaseUp = GaugeFamily("database_up", help: "1 if the last refresh read the database, else 0.", registry: r)
        databaseSize = GaugeFamily("database_size_bytes", help: "Size of the database on disk.", registry: r)
        connections = GaugeFamily("database_connections", help: "Client connections to the database by state.", labels: ["state"], registry: r)
        longestTransaction = GaugeFamily(
            "database_longest_transaction_seconds", help: "Age of the oldest open transaction in the database.", registry: r
        )
        oldestXmin = GaugeFamily(
            "database_oldest_xmin_age_transactions",
            help: "Transaction ids since the oldest xmin held by a backend, prepared transaction or replication slot (vacuum cannot go past it).",
            registry: r
        )
        deadTuples = GaugeFamily("table_dead_tuples", help: "Dead rows waiting for vacuum in a Sluice table.", labels: ["table"], registry: r)
        lastAutovacuum = GaugeFamily(
            "table_last_autovacuum_timestamp_seconds", help: "Unix time of the last autovacuum of a Sluice table; 0 if it never ran.", labels: ["table"], registry: r
        )
        estimated = GaugeFamily(
            "exporter_estimated", help: "1 for each table whose counts were scaled from a sample in the last refresh.", labels: ["table"], registry: r
        )
        refreshDuration = GaugeFamily("exporter_refresh_duration_seconds", help: "Duration of the last refresh of the snapshot.", registry: r)
    }

    func publish(_ s: Snapshot, duration: Duration) {
        jobs.update(s.jobs)
        queueDepth.update(s.queueDepth)
        oldestDueAge.update(s.oldestDueAge)
        deadLetters.update(s.deadLetters)
        paused.update(s.paused)
        completed.update(s.completed)
        cancelled.update(s.cancelled)
        discarded.update(s.discarded)
        workers.set(Double(s.workers.count))
        heartbeatAge.update(s.workers.map { Labeled([$0.id], $0.heartbeatAge) })
        workerRunning.update(s.workers.map { Labeled([$0.id], $0.running) })
        workerConcurrency.update(s.workers.map { Labeled([$0.id], $0.concurrency) })
        inboundEvents.update(s.inboundEvents)
        deliveries.update(s.deliveries)
        endpointsDisabled.set(s.endpointsDisabled)
        databaseUp.set(1)
        databaseSize.set(s.database.sizeBytes)
        connections.update(s.database.connections)
        longestTransaction.set(s.database.longestTransactionSeconds)
        oldestXmin.set(s.database.oldestXminAge)
        deadTuples.update(s.tables.map { Labeled([$0.name], $0.deadRows) })
        lastAutovacuum.update(s.tables.map { Labeled([$0.name], $0.lastAutovacuum?.timeIntervalSince1970 ?? 0) })
        estimated.update(s.estimatedTables.sorted().map { Labeled([$0], 1) })
        refreshDuration.set(Self.seconds(duration))
    }

    func publishFailure(duration: Duration) {
        databaseUp.set(0)
        refreshDuration.set(Self.seconds(duration))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
