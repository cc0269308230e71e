import Foundation
import Common
import PostgresNIO

/// What one scheduling pass did.
public struct TickReport: Sendable, Equatable {
    /// Jobs enqueued, one per tick.
    public var enqueued = 0
    /// Definitions whose schedule advanced.
    public var definitions = 0
}

extension PeriodicJobs {
    /// Enqueues the jobs of every due tick and advances each definition's `next_run_at`, all in one transaction:
    /// due rows are locked with `SKIP LOCKED` (another scheduler takes the others) and advanced only from the
    /// `next_run_at` read, so a tick's job commits together with the advance, once. A scheduler killed mid-pass
    /// rolls back both; the next pass anywhere enqueues the tick. Ticks older than `missedAfter` count as missed
    /// and follow the definition's catch-up policy.
    @discardableResult
    public func enqueueDue(missedAfter: Duration = .seconds(60), limit: Int = 100) async throws -> TickReport {
        try await queue.client.transaction(logger: queue.logger) { connection in
            let rows = try await queue.run(
                """
                SELECT name, cron, time_zone, kind, queue, payload::text, priority::int8, max_attempts, catch_up, next_run_at, now()
                FROM periodic_jobs WHERE enabled AND next_run_at <= now()
                ORDER BY next_run_at LIMIT \(limit) FOR UPDATE SKIP LOCKED
                """,
                on: connection
            )
            var due: [(job: PeriodicJob, nextRunAt: Date, now: Date)] = []
            for try await (name, cron, zone, kind, queueName, payload, priority, maxAttempts, catchUp, next, now) in rows.decode(
                (String, String, String, String, String, String, Int, Int, String, Date, Date).self
            ) {
                let job = PeriodicJob(name: name, cron: cron, timeZone: zone, kind: kind, queue: queueName, payload: payload, priority: priority,
                                      maxAttempts: maxAttempts, catchUp: PeriodicJob.CatchUp(rawValue: catchUp) ?? .skip)
                due.append((job, next, now))
            }
            var report = TickReport()
            for (job, nextRunAt, now) in due {
                let schedule = try? job.validated()
                let (ticks, next) = schedule.map { Self.ticks($0, from: nextRunAt, now: now, missedAfter: missedAfter, catchUp: job.catchUp) } ?? ([], nil)
                if schedule == nil { queue.logger.error("periodic job has an invalid definition; it is paused", metadata: ["name": "\(job.name)"]) }
                _ = try await queue.enqueue(ticks.map { Self.newJob(job, tick: $0) }, on: connection)
                let advanced = try await queue.run(
                    """
                    UPDATE periodic_jobs SET next_run_at = \(next), last_run_at = coalesce(\(ticks.last), last_run_at)
                    WHERE name = \(job.name) AND next_run_at = \(nextRunAt) RETURNING name
                    """,
                    on: connection
                ).collect()
                // Unreachable while the row is locked; if it ever happens, the whole pass rolls back rather than enqueue twice.
                guard advanced.count == 1 else { throw PeriodicJobError.notFound(name: job.name) }
                report.enqueued += ticks.count
                report.definitions += 1
            }
            return report
        }
    }

    /// The ticks to enqueue for a definition due at `from`, and the next tick after them.
    static func ticks(_ schedule: CronSchedule, from: Date, now: Date, missedAfter: Duration, catchUp: PeriodicJob.CatchUp) -> ([Date], Date?) {
        let cutoff = now.addingTimeInterval(-missedAfter.seconds)
        var ticks: [Date] = []
        var next: Date? = from
        if from < cutoff {
            if catchUp == .one, let latest = schedule.latest(atOrBefore: cutoff), latest >= from { ticks.append(latest) }
            next = schedule.next(after: cutoff)
        }
        while let tick = next, tick <= now, ticks.count < 1000 {
            ticks.append(tick)
            next = schedule.next(after: tick)
        }
        return (ticks, next)
    }

    /// The job of one tick: the definition's payload plus `sluice_periodic` (jsonb keeps the last of duplicate keys).
    static func newJob(_ job: PeriodicJob, tick: Date) -> NewJob {
        let tickText = tick.formatted(Date.ISO8601FormatStyle())
        let marker = #""sluice_periodic": {"name": "\#(job.name)", "tick_at": "\#(tickText)"}"#
        let body = job.payload.trimmingCharacters(in: .whitespaces).dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
        let payload = body.isEmpty ? "{\(marker)}" : "{\(body), \(marker)}"
        return NewJob(kind: job.kind, queue: job.queue, payload: payload, priority: job.priority, maxAttempts: job.maxAttempts,
                      uniqueKey: "periodic:\(job.name):\(tickText)", createdBy: "periodic:\(job.name)")
    }
}
