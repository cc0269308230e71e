import ArgumentParser
import Common
import Foundation
import PostgresNIO

/// `delivered --expect N [--endpoints 1,2] [--after-message M --after-attempt A]`: waits until N deliveries (to the
/// given endpoints, default all; of the messages after id M, default all) have their first attempt in
/// `delivery_attempts`, then reports from the attempt log, about those messages only:
///
/// - `first_attempts`, `first_failed`: first attempts on those endpoints, and how many of them did not succeed;
/// - `latency_p50_ms` ... `latency_max_ms`: first attempt's `started_at` − when the message was sent: the
///   `data.sent_at` that `publish` puts in every payload (Unix seconds), else the message's `created_at`;
/// - `steady_rate`: attempts (every endpoint, retries included) per second between the 5th and the 95th
///   percentile of `started_at`, which leaves out the ramp-up and the tail; `span_rate` from first to last.
///
/// The wait polls the attempt log's id sequence (one-row read) and counts only once it could be done, so the
/// polling does not load the server while deliveries run. Past `--timeout` it reports what was logged (with
/// `missing` > 0) and exits 1.
struct DeliveredCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delivered", abstract: "Wait for N first attempts; report delivery rate and latency.")

    @OptionGroup var options: CommonOptions
    @Option(help: "First attempts that mean done.") var expect: Int
    @Option(parsing: .upToNextOption, help: "Endpoint ids the count and the latency are about (default: all).") var endpoints: [Int64] = []
    @Option(help: "Give up after this many seconds.") var timeout = 600.0
    @Option(help: "Count only the messages with a greater id (a warm-up's are not measured).") var afterMessage: Int64 = 0
    @Option(help: "The last attempt id before those messages were published.") var afterAttempt = 0

    func run() async throws {
        let database = BenchDatabase(options: options)
        let (expect, endpoints, timeout, after, before) = (expect, endpoints, timeout, afterMessage, afterAttempt)
        let (done, report) = try await database.withClient(connections: 1) { client in
            let logger = database.logger
            let deadline = ContinuousClock.now + .seconds(timeout)
            var done = false
            while ContinuousClock.now < deadline {
                let logged = try await client.scalar("SELECT coalesce(max(id), 0)::int8 FROM delivery_attempts", as: Int.self, logger: logger) ?? 0
                if logged - before >= expect {
                    let first = try await client.scalar(
                        """
                        SELECT count(*)::int8 FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
                        WHERE a.attempt = 1 AND d.message_id > \(after)
                          AND (cardinality(\(endpoints)::int8[]) = 0 OR d.endpoint_id = ANY(\(endpoints)::int8[]))
                        """,
                        as: Int.self, logger: logger
                    ) ?? 0
                    if first >= expect {
                        done = true
                        break
                    }
                }
                try await Task.sleep(for: .milliseconds(logged - before >= expect ? 500 : 100))
            }
            return (done, try await Self.report(client, endpoints: endpoints, after: after, expect: expect, logger: database.logger))
        }
        BenchReport.emit(report)
        if !done {
            BenchReport.note("delivered: gave up after \(timeout) s with first attempts still missing")
            throw ExitCode(1)
        }
    }

    static func report(_ client: PostgresClient, endpoints: [Int64], after: Int64, expect: Int, logger: Logger) async throws -> [(String, String)] {
        var pairs: [(String, String)] = []
        let latency = try await client.query(
            """
            WITH first AS (
                SELECT a.succeeded,
                       extract(epoch FROM a.started_at - coalesce(to_timestamp((m.payload::jsonb #>> '{data,sent_at}')::float8), m.created_at)) AS waited
                FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id JOIN messages m ON m.id = d.message_id
                WHERE a.attempt = 1 AND m.id > \(after) AND (cardinality(\(endpoints)::int8[]) = 0 OR d.endpoint_id = ANY(\(endpoints)::int8[]))
            )
            SELECT count(*)::int8, (count(*) FILTER (WHERE NOT succeeded))::int8,
                   coalesce(percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY waited), ARRAY[0, 0, 0]::float8[]),
                   coalesce(max(waited)::float8, 0)
            FROM first
            """,
            logger: logger
        )
        for try await (count, failed, p, max) in latency.decode((Int, Int, [Double], Double).self) {
            pairs += [
                ("first_attempts", "\(count)"), ("first_failed", "\(failed)"), ("missing", "\(Swift.max(0, expect - count))"),
                ("latency_p50_ms", BenchReport.fixed(p[0] * 1000, 1)), ("latency_p95_ms", BenchReport.fixed(p[1] * 1000, 1)),
                ("latency_p99_ms", BenchReport.fixed(p[2] * 1000, 1)), ("latency_max_ms", BenchReport.fixed(max * 1000, 1)),
            ]
        }
        let rate = try await client.query(
            """
            SELECT count(*)::int8, extract(epoch FROM max(a.started_at) - min(a.started_at))::float8,
                   extract(epoch FROM percentile_disc(0.95) WITHIN GROUP (ORDER BY a.started_at)
                                      - percentile_disc(0.05) WITHIN GROUP (ORDER BY a.started_at))::float8
            FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id WHERE d.message_id > \(after)
            """,
            logger: logger
        )
        for try await (count, span, steady) in rate.decode((Int, Double?, Double?).self) {
            let (span, steady) = (span ?? 0, steady ?? 0)
            pairs += [
                ("attempts", "\(count)"), ("span_seconds", BenchReport.fixed(span)),
                ("span_rate", BenchReport.fixed(span > 0 ? Double(count) / span : 0, 0)),
                ("steady_rate", BenchReport.fixed(steady > 0 ? 0.9 * Double(count) / steady : 0, 0)),
            ]
        }
        return pairs
    }
}
