import Common
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// Logs delivery attempts with group commit: the attempts that finish while a write is in flight share the next
/// statement, which inserts them, moves their deliveries on, and keeps each endpoint's failure streak (set at the
/// first failure, cleared by any success). A deliverer returns only after its attempt is committed.
final class AttemptRecorder: Service {
    private let committer: GroupCommitter<AttemptRecord, RecordedAttempt>

    /// `disableAfter`: how long an endpoint may fail every attempt before it is reported overdue.
    init(client: PostgresClient, disableAfter: Duration, logger: Logger, timeout: Duration = .seconds(10)) {
        committer = GroupCommitter(flushers: 4, maxBatch: 500) { records in
            try await withDeadline(timeout) {
                try await Self.write(records, disableAfter: disableAfter, client: client, logger: logger)
            }
        }
    }

    func record(_ attempt: AttemptRecord) async throws -> RecordedAttempt {
        try await committer.submit(attempt)
    }

    func run() async throws {
        try await committer.run()
    }

    static func write(_ records: [AttemptRecord], disableAfter: Duration, client: PostgresClient, logger: Logger) async throws -> [RecordedAttempt] {
        let epoch = Date(timeIntervalSince1970: 0)
        let rows = try await client.query(
            """
            WITH input AS (
                SELECT * FROM unnest(\(records.map(\.deliveryID)), \(records.map(\.startedAt)), \(records.map(\.succeeded)),
                                     \(records.map { $0.statusCode ?? 0 }), \(records.map(\.latency.seconds)), \(records.map { $0.error ?? "" }),
                                     \(records.map(\.responseHeaders)), \(records.map(\.responseBody)), \(records.map(\.status.rawValue)),
                                     \(records.map { $0.nextAttemptAt ?? epoch }))
                     AS t(delivery_id, started_at, succeeded, status_code, latency, error, headers, body, status, next_at)
            ),
            moved AS (
                UPDATE deliveries d SET attempts = d.attempts + 1, status = i.status, last_attempt_at = i.started_at,
                                        next_attempt_at = nullif(i.next_at, \(epoch))
                FROM input i WHERE d.id = i.delivery_id
                RETURNING d.id, d.attempts, d.endpoint_id
            ),
            logged AS (
                INSERT INTO delivery_attempts (delivery_id, attempt, started_at, succeeded, status_code, latency_seconds, error, response_headers,
                                               response_body)
                SELECT i.delivery_id, m.attempts, i.started_at, i.succeeded, nullif(i.status_code, 0), i.latency, nullif(i.error, ''),
                       i.headers::jsonb, i.body
                FROM input i JOIN moved m ON m.id = i.delivery_id
            ),
            streaks AS (
                SELECT m.endpoint_id, bool_or(i.succeeded) AS any_success, min(i.started_at) AS first_at,
                       max(i.started_at) FILTER (WHERE i.succeeded) AS last_success
                FROM input i JOIN moved m ON m.id = i.delivery_id GROUP BY m.endpoint_id
            ),
            health AS (
                -- Only a change of streak writes the row (plus a success at most every 10 s), so a busy endpoint is not
                -- rewritten by every batch.
                UPDATE endpoints e
                SET failing_since = CASE WHEN s.any_success THEN NULL ELSE coalesce(e.failing_since, s.first_at) END,
                    last_success_at = coalesce(s.last_success, e.last_success_at)
                FROM streaks s
                WHERE e.id = s.endpoint_id AND ((s.any_success AND (e.failing_since IS NOT NULL OR e.last_success_at IS NULL
                                                                    OR e.last_success_at < s.last_success - interval '10 seconds'))
                                                OR (NOT s.any_success AND e.failing_since IS NULL))
            )
            SELECT m.id, m.attempts, (e.enabled AND NOT s.any_success AND e.failing_since < now() - make_interval(secs => \(disableAfter.seconds))) IS TRUE
            FROM moved m JOIN endpoints e ON e.id = m.endpoint_id JOIN streaks s ON s.endpoint_id = m.endpoint_id
            """,
            logger: logger
        )
        var recorded: [Int64: RecordedAttempt] = [:]
        for try await (id, attempt, overdue) in rows.decode((Int64, Int, Bool).self) {
            recorded[id] = RecordedAttempt(attempt: attempt, endpointOverdue: overdue)
        }
        return records.map { recorded[$0.deliveryID] ?? RecordedAttempt(attempt: 0, endpointOverdue: false) }
    }
}
