import Common
import Logging
import ServiceLifecycle

/// Runs in every worker process: upserts the definitions declared in code, then every `interval` enqueues the
/// jobs of due ticks (see `PeriodicJobs.enqueueDue`). Any number of schedulers may run; each tick is enqueued once.
public struct PeriodicScheduler: Service {
    let jobs: PeriodicJobs
    let declared: [PeriodicJob]
    let settings: PeriodicSettings

    public init(jobs: PeriodicJobs, declared: [PeriodicJob] = [], settings: PeriodicSettings = PeriodicSettings()) {
        self.jobs = jobs
        self.declared = declared
        self.settings = settings
    }

    public func run() async throws {
        let logger = jobs.queue.logger
        await cancelWhenGracefulShutdown {
            var declaredPending = !declared.isEmpty
            while !Task.isCancelled {
                do {
                    if declaredPending {
                        try await withDeadline(.seconds(30)) { [jobs, declared] in try await jobs.declare(declared) }
                        declaredPending = false
                    }
                    let report = try await withDeadline(.seconds(30)) { [jobs, settings] in
                        try await jobs.enqueueDue(missedAfter: settings.missedAfter)
                    }
                    if report.enqueued > 0 { logger.debug("enqueued periodic jobs", metadata: ["jobs": "\(report.enqueued)"]) }
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("periodic scheduling failed", metadata: ["error": "\(String(reflecting: error))"])
                }
                try? await Task.sleep(for: settings.interval)
            }
        }
    }
}
