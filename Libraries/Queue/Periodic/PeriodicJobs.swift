import Foundation
import PostgresNIO

/// The periodic job definitions in `periodic_jobs`: add, list, change, enable, disable, remove, and the upsert of
/// definitions declared in code. `next_run_at` is recomputed from now whenever the schedule or `enabled` changes.
public struct PeriodicJobs: Sendable {
    public let queue: JobQueue

    public init(queue: JobQueue) {
        self.queue = queue
    }

    static let columns = """
        name, cron, time_zone, kind, queue, payload::text, priority::int8, max_attempts, enabled, catch_up, next_run_at, last_run_at, declared_in_code
        """

    public func list(on connection: PostgresConnection? = nil) async throws -> [PeriodicJobRecord] {
        try await records(queue.run("SELECT \(unescaped: Self.columns) FROM periodic_jobs ORDER BY name", on: connection))
    }

    public func get(_ name: String, on connection: PostgresConnection? = nil) async throws -> PeriodicJobRecord {
        guard let record = try await records(queue.run("SELECT \(unescaped: Self.columns) FROM periodic_jobs WHERE name = \(name)", on: connection)).first
        else { throw PeriodicJobError.notFound(name: name) }
        return record
    }

    public func add(_ job: PeriodicJob, on connection: PostgresConnection? = nil) async throws -> PeriodicJobRecord {
        let schedule = try job.validated()
        let next = job.enabled ? schedule.next(after: .now) : nil
        let rows = try await queue.run(
            """
            INSERT INTO periodic_jobs (name, cron, time_zone, kind, queue, payload, priority, max_attempts, enabled, catch_up, next_run_at)
            VALUES (\(job.name), \(job.cron), \(job.timeZone), \(job.kind), \(job.queue), \(job.payload)::jsonb, \(job.priority), \(job.maxAttempts),
                    \(job.enabled), \(job.catchUp.rawValue), \(next))
            ON CONFLICT (name) DO NOTHING
            RETURNING \(unescaped: Self.columns)
            """,
            on: connection
        )
        guard let record = try await records(rows).first else { throw PeriodicJobError.alreadyExists(name: job.name) }
        return record
    }

    /// Replaces a definition with `change(current)`; the schedule restarts from now if cron, zone or `enabled` changed.
    public func update(_ name: String, on connection: PostgresConnection? = nil, _ change: (inout PeriodicJob) throws -> Void) async throws -> PeriodicJobRecord {
        let current = try await get(name, on: connection)
        var job = current.definition
        try change(&job)
        job.name = name
        let schedule = try job.validated()
        let old = current.definition
        let restart = job.cron != old.cron || job.timeZone != old.timeZone || job.enabled != old.enabled
        // Kept as stored when the schedule did not change: the scheduler may have advanced it since it was read.
        let next = schedule.next(after: .now)
        let rows = try await queue.run(
            """
            UPDATE periodic_jobs SET cron = \(job.cron), time_zone = \(job.timeZone), kind = \(job.kind), queue = \(job.queue),
                payload = \(job.payload)::jsonb, priority = \(job.priority), max_attempts = \(job.maxAttempts), enabled = \(job.enabled),
                catch_up = \(job.catchUp.rawValue), updated_at = now(),
                next_run_at = CASE WHEN NOT \(job.enabled) THEN NULL WHEN \(restart) THEN \(next) ELSE next_run_at END
            WHERE name = \(name)
            RETURNING \(unescaped: Self.columns)
            """,
            on: connection
        )
        guard let record = try await records(rows).first else { throw PeriodicJobError.notFound(name: name) }
        return record
    }

    public func setEnabled(_ name: String, _ enabled: Bool, on connection: PostgresConnection? = nil) async throws -> PeriodicJobRecord {
        try await update(name, on: connection) { $0.enabled = enabled }
    }

    public func remove(_ name: String, on connection: PostgresConnection? = nil) async throws {
        let rows = try await queue.run("DELETE FROM periodic_jobs WHERE name = \(name) RETURNING name", on: connection)
        guard try await rows.collect().isEmpty else { return }
        throw PeriodicJobError.notFound(name: name)
    }

    /// Inserts or refreshes definitions declared in code. An operator's `enabled` choice is kept; the schedule
    /// restarts from now only when its cron or time zone changed.
    public func declare(_ jobs: [PeriodicJob]) async throws {
        for job in jobs {
            let schedule = try job.validated()
            try await queue.run(
                """
                INSERT INTO periodic_jobs AS p (name, cron, time_zone, kind, queue, payload, priority, max_attempts, enabled, catch_up,
                                                next_run_at, declared_in_code)
                VALUES (\(job.name), \(job.cron), \(job.timeZone), \(job.kind), \(job.queue), \(job.payload)::jsonb, \(job.priority),
                        \(job.maxAttempts), \(job.enabled), \(job.catchUp.rawValue), \(job.enabled ? schedule.next(after: .now) : nil), true)
                ON CONFLICT (name) DO UPDATE SET
                    kind = excluded.kind, queue = excluded.queue, payload = excluded.payload, priority = excluded.priority,
                    max_attempts = excluded.max_attempts, catch_up = excluded.catch_up, declared_in_code = true, updated_at = now(),
                    cron = excluded.cron, time_zone = excluded.time_zone,
                    next_run_at = CASE WHEN p.cron = excluded.cron AND p.time_zone = excluded.time_zone THEN p.next_run_at
                                       WHEN p.enabled THEN \(schedule.next(after: .now)) END
                """
            ).consume()
        }
    }

    func records(_ rows: PostgresRowSequence) async throws -> [PeriodicJobRecord] {
        var records: [PeriodicJobRecord] = []
        for try await row in rows {
            let (name, cron, zone, kind, queueName, payload, priority, maxAttempts, enabled, catchUp, next, last, declared) =
                try row.decode((String, String, String, String, String, String, Int, Int, Bool, String, Date?, Date?, Bool).self)
            let job = PeriodicJob(
                name: name, cron: cron, timeZone: zone, kind: kind, queue: queueName, payload: payload, priority: priority, maxAttempts: maxAttempts,
                enabled: enabled, catchUp: PeriodicJob.CatchUp(rawValue: catchUp) ?? .skip
            )
            records.append(PeriodicJobRecord(definition: job, nextRunAt: next, lastRunAt: last, declaredInCode: declared))
        }
        return records
    }
}
