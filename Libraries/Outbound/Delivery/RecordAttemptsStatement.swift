import Foundation
import PostgresNIO

/// The attempt log's group-commit write as a prepared statement (it runs for every batch; parsing and planning its
/// five-part statement each time cost PostgreSQL about as much as running it): inserts the attempts, moves their
/// deliveries on, and keeps each endpoint's failure streak (set at the first failure, cleared by any success).
/// Answers each delivery's attempt number and whether its endpoint has failed every attempt for `disableAfter`.
struct RecordAttemptsStatement: PostgresPreparedStatement {
    static let sql = """
        WITH input AS (
            SELECT * FROM unnest($1::int8[], $2::timestamptz[], $3::bool[], $4::int8[], $5::float8[], $6::text[], $7::text[], $8::text[],
                                 $9::text[], $10::timestamptz[])
                 AS t(delivery_id, started_at, succeeded, status_code, latency, error, headers, body, status, next_at)
        ),
        moved AS (
            UPDATE deliveries d SET attempts = d.attempts + 1, status = i.status, last_attempt_at = i.started_at,
                                    next_attempt_at = nullif(i.next_at, $11::timestamptz)
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
        SELECT m.id, m.attempts, (e.enabled AND NOT s.any_success AND e.failing_since < now() - make_interval(secs => $12::float8)) IS TRUE
        FROM moved m JOIN endpoints e ON e.id = m.endpoint_id JOIN streaks s ON s.endpoint_id = m.endpoint_id
        """

    typealias Row = (Int64, Int, Bool)

    /// Stands for "none" in the arrays of `nextAttemptAt` (an array cannot hold NULL from here).
    static let epoch = Date(timeIntervalSince1970: 0)

    let records: [AttemptRecord]
    let disableAfter: Duration

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 12)
        bindings.append(records.map(\.deliveryID))
        bindings.append(records.map(\.startedAt))
        bindings.append(records.map(\.succeeded))
        bindings.append(records.map { $0.statusCode ?? 0 })
        bindings.append(records.map(\.latency.seconds))
        bindings.append(records.map { $0.error ?? "" })
        bindings.append(records.map(\.responseHeaders))
        bindings.append(records.map(\.responseBody))
        bindings.append(records.map(\.status.rawValue))
        bindings.append(records.map { $0.nextAttemptAt ?? Self.epoch })
        bindings.append(Self.epoch)
        bindings.append(disableAfter.seconds)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Row.self)
    }
}
