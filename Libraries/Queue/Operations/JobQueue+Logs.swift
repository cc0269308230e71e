import Foundation
import PostgresNIO

extension JobQueue {
    /// Stores log lines of any jobs in one statement.
    public func appendLogs(_ lines: [JobLogLine]) async throws {
        guard !lines.isEmpty else { return }
        try await run(
            """
            INSERT INTO job_logs (job_id, attempt, at, message)
            SELECT * FROM unnest(\(lines.map(\.jobID)), \(lines.map(\.attempt)), \(lines.map(\.at)), \(lines.map(\.message)))
            """
        ).consume()
    }

    /// A job's log lines, oldest first, whether the job is live or finished.
    public func logs(jobID: Int64, limit: Int = 10_000, on connection: PostgresConnection? = nil) async throws -> [JobLogLine] {
        let rows = try await run(
            "SELECT attempt, at, message FROM job_logs WHERE job_id = \(jobID) ORDER BY id LIMIT \(limit)",
            on: connection
        )
        var lines: [JobLogLine] = []
        for try await (attempt, at, message) in rows.decode((Int, Date, String).self) {
            lines.append(JobLogLine(jobID: jobID, attempt: attempt, at: at, message: message))
        }
        return lines
    }

    /// Deletes log lines older than `keep` in batches; finished jobs are kept no longer than that either.
    @discardableResult
    public func pruneLogs(olderThan keep: Duration, batchSize: Int = 10_000, on connection: PostgresConnection? = nil) async throws -> Int {
        var total = 0
        while true {
            let rows = try await run(
                """
                WITH old AS (SELECT id FROM job_logs WHERE at < now() - make_interval(secs => \(keep.seconds)) LIMIT \(batchSize)),
                deleted AS (DELETE FROM job_logs l USING old WHERE l.id = old.id RETURNING 1)
                SELECT count(*)::int8 FROM deleted
                """,
                on: connection
            )
            let deleted = try await rows.decode(Int.self).reduce(0, +)
            total += deleted
            if deleted < batchSize { return total }
        }
    }
}
