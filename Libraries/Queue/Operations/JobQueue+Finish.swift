import PostgresNIO

/// A failed attempt: retried after `retryIn`, or discarded when `discard` (it was the last attempt).
public struct JobFailure: Sendable, Equatable {
    public let id: Int64
    public let error: String
    public let retryIn: Duration
    public let discard: Bool

    public init(id: Int64, error: String, retryIn: Duration, discard: Bool) {
        self.id = id
        self.error = error
        self.retryIn = retryIn
        self.discard = discard
    }
}

extension JobQueue {
    /// Moves succeeded jobs still locked by `workerID` to `job_history` as `completed` in one statement,
    /// bumping the per-queue-and-kind totals, with the JSON `results` their handlers returned. Returns how many it moved.
    @discardableResult
    public func complete(_ ids: [Int64], workerID: String, results: [Int64: String] = [:]) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        let rows = try await client.execute(CompleteStatement(ids: ids, workerID: workerID, results: results), poolMode: poolMode, logger: logger)
        return rows.reduce(0, +)
    }

    /// Records failed attempts of jobs locked by `workerID`: each error is appended to the job's errors;
    /// the job becomes `retryable` at now + `retryIn`, or is discarded (the DLQ) when it was the last attempt.
    public func fail(_ failures: [JobFailure], workerID: String) async throws {
        let retries = failures.filter { !$0.discard }
        if !retries.isEmpty {
            try await run(
                """
                UPDATE jobs j
                SET state = 'retryable', run_at = now() + make_interval(secs => f.delay), locked_by = NULL, lease_expires_at = NULL,
                    errors = j.errors || jsonb_build_array(jsonb_build_object('attempt', j.attempt, 'at', now(), 'error', f.error))
                FROM unnest(\(retries.map(\.id)), \(retries.map(\.error)), \(retries.map(\.retryIn.seconds))) AS f(id, error, delay)
                WHERE j.id = f.id AND j.locked_by = \(workerID) AND j.state = 'running'
                """
            ).consume()
        }
        let discards = failures.filter(\.discard)
        if !discards.isEmpty {
            try await archive(
                discards.map { ($0.id, $0.error) },
                as: .discarded,
                where: "j.locked_by = $3 AND j.state = 'running'",
                extra: workerID
            )
        }
    }

    /// Gives jobs back to the queue without charging the attempt they were claimed for (graceful shutdown).
    @discardableResult
    public func handBack(_ ids: [Int64], workerID: String) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        let rows = try await run(
            """
            WITH returned AS (
                UPDATE jobs SET state = 'available', attempt = attempt - 1, locked_by = NULL, lease_expires_at = NULL
                WHERE id = ANY(\(ids)) AND locked_by = \(workerID) AND state = 'running'
                RETURNING queue
            )
            SELECT count(pg_notify(\(channel), 'queue:' || queue))::int8 FROM (SELECT DISTINCT queue FROM returned) q
            """
        )
        return try await rows.decode(Int.self).reduce(0, +)
    }

    /// Pushes the lease of every job `workerID` runs to now + `lease`; answers the ids whose cancellation was requested.
    /// Rows another statement holds (the worker's own completions, locking them in another order) are skipped rather
    /// than waited for, so the two never deadlock; a skipped job is either finishing or renewed at the next turn.
    public func extendLeases(workerID: String, lease: Duration) async throws -> [Int64] {
        let rows = try await run(
            """
            UPDATE jobs SET lease_expires_at = now() + make_interval(secs => \(lease.seconds))
            WHERE id IN (SELECT id FROM jobs WHERE locked_by = \(workerID) AND state = 'running' FOR UPDATE SKIP LOCKED)
            RETURNING id, cancel_requested_at IS NOT NULL
            """
        )
        var cancelled: [Int64] = []
        for try await (id, cancelRequested) in rows.decode((Int64, Bool).self) where cancelRequested {
            cancelled.append(id)
        }
        return cancelled
    }
}

extension PostgresRowSequence {
    /// Drains the rows of a statement whose answer is not needed.
    func consume() async throws {
        for try await _ in self {}
    }
}

extension JobQueue {
    /// Records jobs locked by `workerID` that stopped because their cancellation was requested.
    public func markCancelled(_ ids: [Int64], workerID: String) async throws {
        try await archive(ids.map { ($0, "cancelled while running") }, as: .cancelled, where: "j.locked_by = $3 AND j.state = 'running'", extra: workerID)
    }
}
