import Foundation
import PostgresNIO

extension JobQueue {
    /// Pauses a queue, or one kind within it: workers stop claiming its jobs (at once on NOTIFY, else at their next
    /// poll); running jobs finish. Pausing twice keeps the first moment.
    public func pause(queue name: String, kind: String? = nil, on connection: PostgresConnection? = nil) async throws {
        try Self.validateControl(queue: name, kind: kind)
        try await run(
            """
            WITH changed AS (
                INSERT INTO queue_controls (queue, kind, paused, paused_at) VALUES (\(name), \(kind ?? ""), true, now())
                ON CONFLICT (queue, kind) DO UPDATE
                SET paused = true, paused_at = coalesce(queue_controls.paused_at, now()), updated_at = now()
                RETURNING 1
            )
            SELECT pg_notify(\(channel), \(JobNotification.controls.payload)) FROM changed
            """,
            on: connection
        ).consume()
    }

    /// Resumes a paused queue or kind; idle workers are woken to claim its jobs.
    public func resume(queue name: String, kind: String? = nil, on connection: PostgresConnection? = nil) async throws {
        try Self.validateControl(queue: name, kind: kind)
        try await change("UPDATE queue_controls SET paused = false, paused_at = NULL, updated_at = now()", queue: name, kind: kind, on: connection)
    }

    /// At most `maxRunning` jobs of the queue (or of the kind within it) run at once across all workers.
    public func setLimit(queue name: String, kind: String? = nil, maxRunning: Int, on connection: PostgresConnection? = nil) async throws {
        try Self.validateControl(queue: name, kind: kind)
        guard (1...Self.maxLimit).contains(maxRunning) else { throw QueueError.invalid(field: "max_running", reason: "must be in 1...\(Self.maxLimit)") }
        try await run(
            """
            WITH changed AS (
                INSERT INTO queue_controls (queue, kind, max_running) VALUES (\(name), \(kind ?? ""), \(maxRunning))
                ON CONFLICT (queue, kind) DO UPDATE SET max_running = excluded.max_running, updated_at = now()
                RETURNING queue
            )
            SELECT pg_notify(\(channel), \(JobNotification.controls.payload)), pg_notify(\(channel), 'queue:' || queue) FROM changed
            """,
            on: connection
        ).consume()
    }

    /// Removes the queue's (or kind's) limit.
    public func removeLimit(queue name: String, kind: String? = nil, on connection: PostgresConnection? = nil) async throws {
        try Self.validateControl(queue: name, kind: kind)
        try await change("UPDATE queue_controls SET max_running = NULL, updated_at = now()", queue: name, kind: kind, on: connection)
    }

    /// Every control row, queue rows (`kind == nil`) first.
    public func controls(on connection: PostgresConnection? = nil) async throws -> QueueControls {
        let rows = try await run("SELECT queue, kind, paused, paused_at, max_running FROM queue_controls ORDER BY queue, kind", on: connection)
        var controls: [QueueControl] = []
        for try await (queue, kind, paused, pausedAt, maxRunning) in rows.decode((String, String, Bool, Date?, Int?).self) {
            controls.append(QueueControl(queue: queue, kind: kind.isEmpty ? nil : kind, paused: paused, pausedAt: pausedAt, maxRunning: maxRunning))
        }
        return QueueControls(controls)
    }

    static let maxLimit = 100_000

    /// Applies `update` to the row, drops it when it controls nothing any more, and wakes the workers. Two statements:
    /// a data-modifying CTE cannot delete the row its sibling updates.
    private func change(_ update: String, queue name: String, kind: String?, on connection: PostgresConnection?) async throws {
        var bindings = PostgresBindings()
        bindings.append(name)
        bindings.append(kind ?? "")
        try await run(PostgresQuery(unsafeSQL: "\(update) WHERE queue = $1 AND kind = $2", binds: bindings), on: connection).consume()
        try await run(
            """
            WITH dropped AS (DELETE FROM queue_controls WHERE queue = \(name) AND kind = \(kind ?? "") AND NOT paused AND max_running IS NULL)
            SELECT pg_notify(\(channel), \(JobNotification.controls.payload)), pg_notify(\(channel), \(JobNotification.due(queue: name).payload))
            """,
            on: connection
        ).consume()
    }

    static func validateControl(queue: String, kind: String?) throws(QueueError) {
        guard NewJob.isValidQueueName(queue) else {
            throw .invalid(field: "queue", reason: "must be 1-\(NewJob.maxQueueLength) characters of a-z, 0-9, '_', '-', '.'")
        }
        if let kind, kind.isEmpty || kind.count > NewJob.maxKindLength || kind.contains("\u{0}") {
            throw .invalid(field: "kind", reason: "must be 1-\(NewJob.maxKindLength) characters")
        }
    }
}
