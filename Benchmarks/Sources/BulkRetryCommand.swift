import ArgumentParser
import Common
import PostgresNIO
import Queue

/// `bulk-retry --count 100000`: seeds COUNT discarded jobs (one `INSERT ... SELECT FROM generate_series`), then times
/// a dry run and the real `JobQueue.bulk` retry of all of them, as `POST /v1/jobs/bulk` runs it (chunks of 1,000).
struct BulkRetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bulk-retry", abstract: "Seed discarded jobs; time a bulk retry of them.")

    @OptionGroup var options: CommonOptions
    @Option(help: "Discarded jobs to seed and retry (at most the per-call cap).") var count = JobQueue.bulkCap

    func validate() throws {
        guard (1...JobQueue.bulkCap).contains(count) else { throw ValidationError("--count must be 1-\(JobQueue.bulkCap)") }
    }

    func run() async throws {
        let database = BenchDatabase(options: options)
        let count = count
        let (dry, real, report) = try await database.withClient { client in
            try await client.execute(
                """
                INSERT INTO job_history (id, queue, kind, payload, priority, state, attempt, max_attempts, errors, created_at, finished_at)
                SELECT nextval('jobs_id_seq'), 'default', 'noop', '{}'::jsonb, 0, 'discarded', 3, 3,
                       '[{"attempt": 3, "at": "2026-01-01T00:00:00Z", "error": "partner down"}]'::jsonb, now(), now()
                FROM generate_series(1, \(count))
                """,
                logger: database.logger
            )
            try await client.execute("ANALYZE job_history", logger: database.logger)
            let queue = JobQueue(client: client, schema: database.schema, logger: database.logger)
            let filter = JobFilter(state: .discarded)
            let start = ContinuousClock.now
            _ = try await queue.bulk(.retryFinished, filter: filter, dryRun: true)
            let counted = ContinuousClock.now
            let report = try await queue.bulk(.retryFinished, filter: filter, dryRun: false)
            return (counted - start, ContinuousClock.now - counted, report)
        }
        guard report.affected == count else { throw ValidationError("retried \(report.affected) of \(count) jobs") }
        let seconds = BenchReport.seconds(real)
        BenchReport.emit([
            ("bulk_jobs", "\(count)"),
            ("bulk_dry_run_seconds", BenchReport.fixed(BenchReport.seconds(dry))),
            ("bulk_retry_seconds", BenchReport.fixed(seconds)),
            ("bulk_retry_rate", BenchReport.fixed(Double(count) / seconds, 0)),
        ])
    }
}
