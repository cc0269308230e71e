import ArgumentParser
import Common
import Foundation
import PostgresNIO

/// `wait-drained --expect N --since T`: polls the completed total in `job_counters` (a one-row read, cheap
/// enough to poll every few milliseconds without loading the server) until it reaches N, then reports:
///
/// - `drain_rate`: N / (moment the poll saw the last completion − first claim). The first claim is the
///   earliest `attempted_at` of the jobs finished since T (the database's clock; same machine, same clock).
/// - `wall_rate`: N / (that moment − T), T being when the script started the workers: adds process start-up.
///
/// Fails (exit 1) when the deadline passes first, saying how far the drain got.
struct WaitDrainedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "wait-drained", abstract: "Wait until N jobs completed; report the drain rate.")

    @OptionGroup var options: CommonOptions
    @Option(help: "Completed jobs (job_counters total) that mean drained.") var expect: Int
    @Option(help: "Unix time in seconds (fractions allowed) at which the workers were started.") var since: Double
    @Option(help: "Give up after this many seconds.") var timeout = 900.0
    @Option(help: "Seconds between polls.") var interval = 0.02
    @Flag(help: "Print progress to stderr every second.") var progress = false

    func run() async throws {
        let database = BenchDatabase(options: options)
        let (expect, timeout, interval, progress) = (expect, timeout, interval, progress)
        let started = Date(timeIntervalSince1970: since)
        let result = try await database.withClient(connections: 1) { client in
            let logger = database.logger
            let deadline = ContinuousClock.now + .seconds(timeout)
            var lastNote = ContinuousClock.now
            while true {
                let completed = try await client.scalar("SELECT coalesce(sum(completed), 0)::int8 FROM job_counters", as: Int.self, logger: logger) ?? 0
                if completed >= expect { break }
                if ContinuousClock.now >= deadline {
                    let left = try await client.scalar("SELECT count(*)::int8 FROM jobs", as: Int.self, logger: logger) ?? -1
                    BenchReport.note("wait-drained: gave up after \(timeout) s: \(completed) of \(expect) completed, \(left) jobs left in the table")
                    throw ExitCode(1)
                }
                if progress, ContinuousClock.now - lastNote >= .seconds(1) {
                    lastNote = .now
                    BenchReport.note("wait-drained: \(completed) of \(expect) completed")
                }
                try await Task.sleep(for: .seconds(interval))
            }
            let drainedAt = Date()
            var span: (count: Int, firstClaim: Date?, lastFinish: Date?) = (0, nil, nil)
            let rows = try await client.query(
                """
                SELECT count(*)::int8, min(attempted_at), max(finished_at) FROM job_history
                WHERE state = 'completed' AND finished_at >= \(started)
                """,
                logger: logger
            )
            for try await row in rows.decode((Int, Date?, Date?).self) { span = row }
            let left = try await client.scalar("SELECT count(*)::int8 FROM jobs", as: Int.self, logger: logger) ?? -1
            return (drainedAt, span, left)
        }
        let (drainedAt, span, left) = result
        guard let firstClaim = span.firstClaim, let lastFinish = span.lastFinish else {
            BenchReport.note("wait-drained: no completed job has finished_at after --since; is the clock of the database another machine's?")
            throw ExitCode(1)
        }
        let drainSeconds = drainedAt.timeIntervalSince(firstClaim)
        let wallSeconds = drainedAt.timeIntervalSince(started)
        BenchReport.emit([
            ("drained", "\(span.count)"),
            ("jobs_left", "\(left)"),
            ("startup_seconds", BenchReport.fixed(firstClaim.timeIntervalSince(started))),
            ("drain_seconds", BenchReport.fixed(drainSeconds)),
            ("drain_rate", BenchReport.fixed(Double(span.count) / drainSeconds, 0)),
            ("db_span_seconds", BenchReport.fixed(lastFinish.timeIntervalSince(firstClaim))),
            ("wall_seconds", BenchReport.fixed(wallSeconds)),
            ("wall_rate", BenchReport.fixed(Double(span.count) / wallSeconds, 0)),
        ])
    }
}
