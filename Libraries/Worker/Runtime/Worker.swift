import Common
import Foundation
import Logging
import Queue
import ServiceLifecycle
import Synchronization

/// A worker process's engine, run as a `Service`: claims due jobs in batches (woken by NOTIFY or the poll),
/// runs them concurrently with the registered handlers, writes outcomes in batches, renews leases and its
/// heartbeat, and takes its turn at maintenance. On graceful shutdown it stops claiming, lets running jobs
/// finish within `shutdownGrace`, hands the rest back without charging an attempt, and returns.
public final class Worker: Service {
    public let configuration: WorkerConfiguration
    let queue: JobQueue
    let handlers: HandlerRegistry
    let logger: Logger
    let running = RunningJobs()
    let wake = WakeSignal()
    let completer: Completer
    let metrics: WorkerMetrics
    let logWriter: JobLogWriter
    let stopping = Mutex(false)
    /// The queues' pauses and limits as last read (on NOTIFY, and every `controlsRefreshInterval`), to pick the claim statement.
    let controls = CachedControls()

    /// Every database call of the worker ends by this deadline, so a query lost on a closed connection
    /// (see `withDeadline`) fails and is retried instead of stalling the worker for good.
    static let databaseDeadline: Duration = .seconds(30)

    public init(queue: JobQueue, handlers: HandlerRegistry, configuration: WorkerConfiguration, logger: Logger) {
        var logger = logger
        logger[metadataKey: "worker_id"] = .string(configuration.id)
        self.queue = queue
        self.handlers = handlers
        self.configuration = configuration
        self.logger = logger
        self.metrics = WorkerMetrics(kinds: handlers.kinds, slots: configuration.concurrency)
        let wake = self.wake
        let controls = self.controls
        // A limited claim counts running jobs in the database: a slot freed there is worth a new claim at once.
        self.completer = Completer(
            queue: queue, workerID: configuration.id, backoff: configuration.backoff, deadline: Self.databaseDeadline, metrics: metrics, logger: logger
        ) {
            if controls.current.hasLimits { wake.ring() }
        }
        self.logWriter = JobLogWriter(queue: queue, deadline: Self.databaseDeadline, metrics: metrics, logger: logger)
    }

    public func run() async throws {
        logger.info("worker started", metadata: ["queues": "\(configuration.queues.joined(separator: ","))", "concurrency": "\(configuration.concurrency)"])
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                if configuration.listen, let notifications = queue.notifications {
                    group.addTask { await self.listener(on: notifications).run() }
                } else if configuration.listen {
                    logger.info("polling only: LISTEN through a transaction pooler needs SLUICE_DB_DIRECT_URL")
                }
                group.addTask { await self.every(self.configuration.pollInterval) { self.wake.ring() } }
                group.addTask { await self.every(self.configuration.controlsRefreshInterval) { await self.refreshControls() } }
                group.addTask { await self.every(self.configuration.renewInterval) { await self.renew() } }
                group.addTask { await self.every(self.configuration.maintenanceInterval) { await self.maintain() } }
                let closeDeadline = Mutex<ContinuousClock.Instant?>(nil)
                async let completing: Void = completer.run { closeDeadline.withLock { $0 } }
                async let logging: Void = logWriter.run()
                var iterator = wake.makeIterator()
                await produce(&iterator)
                await finishInFlight(&iterator)
                closeDeadline.withLock { $0 = .now + .seconds(10) }
                completer.close()
                await completing
                logWriter.close()
                await logging
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.stopping.withLock { $0 = true }
            self.wake.ring()
        }
        try? await queue.deregister(workerID: configuration.id)
        logger.info("worker stopped")
    }

    private func listener(on notifications: NotificationConnection) -> JobListener {
        JobListener(
            queue: queue,
            notifications: notifications,
            retryDelay: configuration.pollInterval,
            logger: logger,
            onNotification: { [self] notification in
                switch notification {
                case .due(let name) where configuration.queues.contains(name): wake.ring()
                case .due: break
                case .cancel(let id): running.requestCancel(id)
                case .controls: Task { await refreshControls() }
                }
            },
            onSubscribed: { [self] in
                // Notifications sent while not listening were missed, a change of the controls among them.
                Task { await refreshControls() }
                wake.ring()
            }
        )
    }

    /// Claims while there is room; sleeps on the doorbell otherwise. Small gaps are not claimed one by one:
    /// it waits until a quarter of a batch is free (or nothing runs), so claims stay batched under load.
    private func produce(_ iterator: inout AsyncStream<Void>.AsyncIterator) async {
        let threshold = max(1, min(configuration.batchSize, configuration.concurrency) / 4)
        while !stopping.withLock({ $0 }) {
            let busy = running.count
            let want = min(configuration.concurrency - busy, configuration.batchSize)
            if want > 0 && (want >= threshold || busy == 0) {
                do {
                    let claimStart = ContinuousClock.now
                    let jobs = try await claim(want)
                    metrics.claimDuration.record(.now - claimStart)
                    metrics.claimBatchSize.record(Double(jobs.count))
                    for job in jobs { start(job) }
                    if jobs.count == want { continue }
                } catch {
                    logger.error("claim failed", metadata: ["error": "\(String(reflecting: error))"])
                    metrics.databaseError(.claim)
                }
            }
            guard await iterator.next() != nil else { return }
        }
    }

    private func start(_ job: ClaimedJob) {
        metrics.started(job)
        metrics.busySlots.increment()
        running.start(job.id) { [self] in
            let runStart = ContinuousClock.now
            let output = JobOutput(job: job) { [logWriter] in logWriter.add($0) }
            let context = JobContext(job: job, logger: logger, output: output)
            let outcome: JobOutcome
            var result: String?
            do {
                guard let handler = handlers.handler(for: job.kind) else { throw JobFailed("no handler registered for kind '\(job.kind)'") }
                let timeout = job.timeoutSeconds.map { Duration.seconds($0) } ?? handler.timeout
                try await Self.run(handler, context, timeout: timeout)
                result = try output.finalResult().get()
                outcome = .completed
            } catch let snoozed as JobSnoozed {
                outcome = .snoozed(snoozed.delay)
            } catch let failed as JobFailed {
                outcome = .failed(Self.message(for: failed), retryIn: failed.retryIn, permanent: failed.permanent)
            } catch {
                outcome = .failed(Self.message(for: error))
            }
            metrics.ran(job, for: .now - runStart)
            output.finish()
            let (owned, cancelRequested) = running.finish(job.id)
            guard owned else { return }
            metrics.busySlots.decrement()
            if case .failed(let message, _, _) = outcome {
                context.logger.warning("job failed", metadata: ["attempt": "\(job.attempt)", "error": "\(message)"])
            }
            if cancelRequested, case .failed = outcome {
                completer.add(FinishedJob(job: job, outcome: .cancelled))
            } else {
                completer.add(FinishedJob(job: job, outcome: outcome, result: result))
            }
            wake.ring()
        }
    }

    /// Waits up to the grace period for running jobs, then hands back what is left without charging the attempt.
    private func finishInFlight(_ iterator: inout AsyncStream<Void>.AsyncIterator) async {
        let deadline = ContinuousClock.now + configuration.shutdownGrace
        logger.info("worker stopping: waiting for running jobs", metadata: ["running": "\(running.count)"])
        let alarm = Task { [wake] in
            try? await Task.sleep(until: deadline)
            wake.ring()
        }
        while running.count > 0, ContinuousClock.now < deadline {
            guard await iterator.next() != nil else { break }
        }
        alarm.cancel()
        let abandoned = running.abandonAll()
        metrics.busySlots.decrement(by: Double(abandoned.count))
        guard !abandoned.isEmpty else { return }
        for attempt in 1...5 {
            do {
                let returned = try await withDeadline(Self.databaseDeadline) { [queue, configuration] in
                    try await queue.handBack(abandoned, workerID: configuration.id)
                }
                metrics.handedBack.increment(by: Int64(returned))
                logger.warning("handed back unfinished jobs", metadata: ["jobs": "\(returned)"])
                return
            } catch {
                logger.error("hand-back failed", metadata: ["attempt": "\(attempt)", "error": "\(String(reflecting: error))"])
                metrics.databaseError(.handBack)
                try? await Task.sleep(for: .milliseconds(200 * attempt))
            }
        }
    }

    /// Renews the leases of running jobs and the heartbeat; stops jobs whose cancellation was requested.
    private func renew() async {
        do {
            let cancelRequested = try await withDeadline(Self.databaseDeadline) { [queue, configuration] in
                try await queue.heartbeat(
                    workerID: configuration.id,
                    hostname: ProcessInfo.processInfo.hostName,
                    pid: Int(ProcessInfo.processInfo.processIdentifier),
                    queues: configuration.queues,
                    concurrency: configuration.concurrency
                )
                return try await queue.extendLeases(workerID: configuration.id, lease: configuration.lease)
            }
            for id in cancelRequested { running.requestCancel(id) }
            metrics.leaseRenewals.increment()
        } catch {
            logger.error("lease renewal failed", metadata: ["error": "\(String(reflecting: error))"])
            metrics.databaseError(.renew)
        }
    }

    private func maintain() async {
        do {
            let report = try await withDeadline(Self.databaseDeadline) { [queue, configuration] in
                try await queue.runMaintenance(retention: configuration.retention, staleWorkerAfter: configuration.staleWorkerAfter)
            }
            if report.ranAsLeader {
                metrics.rescued.increment(by: Int64(report.rescued))
                metrics.pruned.increment(by: Int64(report.pruned))
            }
        } catch {
            logger.error("maintenance failed", metadata: ["error": "\(String(reflecting: error))"])
            metrics.databaseError(.maintenance)
        }
    }

    /// Runs `body` now and then every `interval` until cancelled.
    private func every(_ interval: Duration, _ body: @escaping @Sendable () async -> Void) async {
        while !Task.isCancelled {
            await body()
            try? await Task.sleep(for: interval)
        }
    }

    static func message(for error: any Error) -> String {
        let text = (error as? JobFailed)?.description ?? String(describing: error)
        return String(text.prefix(2000))
    }
}
