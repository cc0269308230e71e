import PostgresNIO

/// What cancel did.
public enum CancelOutcome: Sendable, Equatable {
    /// The job had not started: it is now `cancelled`.
    case cancelled
    /// The job is running: its worker is asked to stop it; it ends `cancelled` unless it finishes first.
    case stopRequested
}

extension JobQueue {
    /// Cancels a job: at once when it waits (`available`, `scheduled`, `retryable`), by request when it runs.
    /// Throws `notFound`, or `wrongState` for a job that already finished.
    public func cancel(_ id: Int64, on connection: PostgresConnection? = nil) async throws -> CancelOutcome {
        let moved = try await archive([(id, "")], as: .cancelled, where: "j.state IN ('available', 'scheduled', 'retryable')", on: connection)
        if !moved.isEmpty { return .cancelled }
        let requested = try await run(
            """
            WITH flagged AS (
                UPDATE jobs SET cancel_requested_at = coalesce(cancel_requested_at, now())
                WHERE id = \(id) AND state = 'running' RETURNING id
            )
            SELECT id, pg_notify(\(channel), 'cancel:' || id) FROM flagged
            """,
            on: connection
        )
        for try await _ in requested { return .stopRequested }
        throw try await missing(id, on: connection)
    }

    /// Puts a discarded or cancelled job back in the queue, due now, with its error history kept.
    /// `resetAttempts` gives it its full `max_attempts` again; otherwise it gets one more try.
    public func retry(_ id: Int64, resetAttempts: Bool = true, on connection: PostgresConnection? = nil) async throws {
        do {
            let requeued = try await requeue([id], from: [.discarded, .cancelled], resetAttempts: resetAttempts, on: connection)
            if !requeued.isEmpty { return }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw QueueError.uniqueKeyTaken(id: id)
        }
        // Still finished in a state retry applies to: a live job holds its unique key.
        if let job = try await job(id, on: connection), job.state == .discarded || job.state == .cancelled {
            throw QueueError.uniqueKeyTaken(id: id)
        }
        throw try await missing(id, on: connection)
    }

    /// The error to throw for a job an operation did not find in a state it applies to.
    func missing(_ id: Int64, on connection: PostgresConnection?) async throws -> QueueError {
        guard let job = try await job(id, on: connection) else { return .notFound(id: id) }
        return .wrongState(id: id, state: job.state)
    }
}

extension JobQueue {
    /// Deletes a discarded job from the dead-letter queue for good.
    public func deleteDiscarded(_ id: Int64, on connection: PostgresConnection? = nil) async throws {
        let rows = try await run("DELETE FROM job_history WHERE id = \(id) AND state = 'discarded' RETURNING id", on: connection)
        guard try await rows.collect().isEmpty else { return }
        throw try await missing(id, on: connection)
    }
}
