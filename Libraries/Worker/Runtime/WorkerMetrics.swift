import Common
import Prometheus
import Queue
import Synchronization

/// A worker process's metrics. `kind` labels are bounded: a kind with no registered handler counts as `other`;
/// `queue` labels are the worker's own queues. Each job's handles are found with one lookup by queue and kind.
final class WorkerMetrics: Sendable {
    /// Outcomes of `sluice_worker_jobs_finished_total`, as the completer writes them.
    enum Outcome: String, CaseIterable {
        case completed, retried, discarded, cancelled, snoozed
    }

    /// `operation` labels of `sluice_worker_database_errors_total`.
    enum Operation: String, CaseIterable {
        case claim, complete, renew, maintenance, logs, controls
        case handBack = "hand_back"
    }

    private static let started = LabeledMetric.counter(
        "sluice_worker_jobs_started_total", help: "Jobs this worker claimed and started, by queue and kind.", labels: ["queue", "kind"])
    private static let finished = LabeledMetric.counter(
        "sluice_worker_jobs_finished_total",
        help: "Job runs whose outcome this worker wrote, by queue, kind and outcome (completed, retried, discarded, cancelled, snoozed).",
        labels: ["queue", "kind", "outcome"]
    )
    private static let durations = LabeledMetric.durationHistogram(
        "sluice_worker_job_duration_seconds", help: "Run time of a job's handler, by kind.", labels: ["kind"],
        buckets: MetricsSetup.jobDurationBuckets
    )
    private static let waits = LabeledMetric.durationHistogram(
        "sluice_worker_job_wait_seconds", help: "Time from when a job became due (created or run_at) to its claim, by queue.",
        labels: ["queue"], buckets: MetricsSetup.jobDurationBuckets
    )
    private static let databaseErrors = LabeledMetric.counter(
        "sluice_worker_database_errors_total", help: "Failed database calls of the worker, by operation.", labels: ["operation"])

    let claimBatchSize = MetricsSetup.valueHistogram(
        "sluice_worker_claim_batch_size", help: "Jobs claimed per claim statement (0 when none was due).")
    let claimDuration = MetricsSetup.durationHistogram("sluice_worker_claim_duration_seconds", help: "Duration of a claim statement.")
    let leaseRenewals = MetricsSetup.counter(
        "sluice_worker_lease_renewals_total", help: "Lease renewals: each extends every lease the worker holds and writes its heartbeat.")
    let busySlots = MetricsSetup.gauge("sluice_worker_busy_slots", help: "Jobs this worker is running now.")
    let slots = MetricsSetup.gauge("sluice_worker_slots", help: "Jobs this worker may run at once (its concurrency).")
    let handedBack = MetricsSetup.counter(
        "sluice_worker_handed_back_jobs_total", help: "Jobs handed back unfinished at shutdown, without charging an attempt.")
    let rescued = MetricsSetup.counter(
        "sluice_worker_rescued_jobs_total", help: "Jobs whose lease expired that this worker's maintenance put back or discarded.")
    let logLinesDropped = MetricsSetup.counter(
        "sluice_worker_job_log_lines_dropped_total", help: "Job log lines dropped because too many waited to be written.")
    let pruned = MetricsSetup.counter("sluice_worker_pruned_jobs_total", help: "Finished jobs this worker's maintenance deleted after retention.")

    private let kinds: Set<String>
    private let handles = Mutex<[JobKey: JobHandles]>([:])

    private struct JobKey: Hashable {
        let queue: String
        let kind: String
    }

    private struct JobHandles {
        let started: Counter
        let duration: DurationHistogram
        let wait: DurationHistogram
        let finished: [Outcome: Counter]
    }

    /// `kinds`: the registered handlers' kinds, the only `kind` label values besides `other`.
    init(kinds: [String], slots: Int) {
        self.kinds = Set(kinds)
        self.slots.set(Double(slots))
        for operation in Operation.allCases { _ = Self.databaseErrors(operation.rawValue) }
    }

    func started(_ job: ClaimedJob) {
        let handles = handles(job)
        handles.started.increment()
        handles.wait.record(job.waited)
    }

    func ran(_ job: ClaimedJob, for duration: Duration) {
        handles(job).duration.record(duration)
    }

    /// Counts a written batch of outcomes, one increment per queue, kind and outcome.
    func finished(_ outcomes: [(job: ClaimedJob, outcome: Outcome)]) {
        var counts: [JobKey: [Outcome: Int]] = [:]
        for (job, outcome) in outcomes { counts[key(job), default: [:]][outcome, default: 0] += 1 }
        for (key, byOutcome) in counts {
            let handles = handles(key)
            for (outcome, count) in byOutcome { handles.finished[outcome]?.increment(by: Int64(count)) }
        }
    }

    func databaseError(_ operation: Operation) {
        Self.databaseErrors(operation.rawValue).increment()
    }

    private func key(_ job: ClaimedJob) -> JobKey {
        JobKey(queue: job.queue, kind: kinds.contains(job.kind) ? job.kind : "other")
    }

    private func handles(_ job: ClaimedJob) -> JobHandles {
        handles(key(job))
    }

    private func handles(_ key: JobKey) -> JobHandles {
        handles.withLock { handles in
            if let found = handles[key] { return found }
            let made = JobHandles(
                started: Self.started(key.queue, key.kind),
                duration: Self.durations(key.kind),
                wait: Self.waits(key.queue),
                finished: Dictionary(uniqueKeysWithValues: Outcome.allCases.map { ($0, Self.finished(key.queue, key.kind, $0.rawValue)) })
            )
            handles[key] = made
            return made
        }
    }
}
