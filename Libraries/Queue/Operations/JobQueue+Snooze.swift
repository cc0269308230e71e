import PostgresNIO

/// A job a handler could not run yet: due again after `delay`, its attempt not charged.
public struct JobSnooze: Sendable, Equatable {
    public let id: Int64
    public let delay: Duration

    public init(id: Int64, delay: Duration) {
        self.id = id
        self.delay = delay
    }
}

extension JobQueue {
    /// Puts jobs locked by `workerID` back as `scheduled` at now + their delay, giving back the attempt they were
    /// claimed for: a limit that holds a job back must not use up its retries.
    public func snooze(_ jobs: [JobSnooze], workerID: String) async throws {
        guard !jobs.isEmpty else { return }
        try await run(
            """
            UPDATE jobs j
            SET state = 'scheduled', run_at = now() + make_interval(secs => s.delay), attempt = j.attempt - 1,
                locked_by = NULL, lease_expires_at = NULL
            FROM unnest(\(jobs.map(\.id)), \(jobs.map(\.delay.seconds))) AS s(id, delay)
            WHERE j.id = s.id AND j.locked_by = \(workerID) AND j.state = 'running'
            """
        ).consume()
    }
}
