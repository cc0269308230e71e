import ArgumentParser
import Common
import PostgresNIO

/// `seed-history --count 1000000`: fills `job_history` with finished no-op jobs, a few big
/// `INSERT ... SELECT FROM generate_series` statements, then ANALYZE. Ids come from the jobs' own sequence (as
/// real finished jobs' do), so later jobs never collide with them. `finished_at` is spread evenly over the last
/// `--spread-hours`, inside the default 24 h retention of completed jobs, so the worker's pruning leaves the rows
/// alone during the drain. `job_counters` is not touched: the drain counts its own completions there.
struct SeedHistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "seed-history", abstract: "Insert finished jobs into job_history.")

    @OptionGroup var options: CommonOptions
    @Option(help: "Finished jobs to insert.") var count = 1_000_000
    @Option(help: "Rows per INSERT statement.") var chunk = 250_000
    @Option(name: .customLong("spread-hours"), help: "finished_at is spread over this many hours before now.") var spreadHours = 20.0

    func validate() throws {
        guard count > 0, chunk > 0 else { throw ValidationError("--count and --chunk must be positive") }
        guard spreadHours > 0, spreadHours < 24 else { throw ValidationError("--spread-hours must be in (0, 24) to stay inside the default retention") }
    }

    func run() async throws {
        let database = BenchDatabase(options: options)
        let (count, chunk, spread) = (count, chunk, spreadHours * 3600)
        let start = ContinuousClock.now
        let size = try await database.withClient { client in
            for first in stride(from: 1, through: count, by: chunk) {
                let last = min(first + chunk - 1, count)
                try await client.execute(
                    """
                    INSERT INTO job_history (id, queue, kind, payload, priority, state, attempt, max_attempts, errors,
                                             created_at, attempted_at, finished_at)
                    SELECT nextval('jobs_id_seq'), 'default', 'noop', '{}'::jsonb, 0, 'completed', 1, 25, '[]'::jsonb,
                           t - interval '1 second', t - interval '1 millisecond', t
                    FROM (SELECT now() - make_interval(secs => \(spread) * (1 - g::float8 / \(count))) AS t
                          FROM generate_series(\(first)::int8, \(last)::int8) g) s
                    ORDER BY t
                    """,
                    logger: database.logger
                )
                BenchReport.note("seed-history: \(last) of \(count) rows")
            }
            try await client.execute("ANALYZE job_history", logger: database.logger)
            return try await client.scalar("SELECT pg_total_relation_size('job_history')::int8", as: Int.self, logger: database.logger) ?? 0
        }
        let elapsed = BenchReport.seconds(ContinuousClock.now - start)
        BenchReport.emit([
            ("seeded", "\(count)"),
            ("seed_seconds", BenchReport.fixed(elapsed)),
            ("history_bytes", "\(size)"),
        ])
    }
}
