import Foundation
import PostgresNIO

/// `enqueue`'s insert as a prepared statement: every publish and every inbound event runs it, and PostgreSQL
/// parsing and planning its four-part statement each time cost about as much as running it. Answers each new job's
/// position in the input (from 1) and id; a job whose unique key is taken has no row.
struct EnqueueStatement: PostgresPreparedStatement {
    static let sql = """
        WITH input AS (
            SELECT t.*, nextval('jobs_id_seq') AS id
            FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::int8[], $6::timestamptz[], $7::text[], $8::text[], $9::int8[],
                        $10::text[])
                 WITH ORDINALITY AS t(queue, kind, payload, priority, max_attempts, run_at, unique_key, created_by, timeout_seconds, tags, ordinal)
        ),
        inserted AS (
            INSERT INTO jobs (id, queue, kind, payload, priority, max_attempts, run_at, state, unique_key, created_by, timeout_seconds, tags)
            SELECT id, queue, kind, payload::jsonb, priority, max_attempts, greatest(run_at, now()),
                   CASE WHEN run_at > now() THEN 'scheduled' ELSE 'available' END,
                   nullif(unique_key, ''), nullif(created_by, ''), nullif(timeout_seconds, 0),
                   CASE WHEN tags = '' THEN '{}'::text[] ELSE ARRAY(SELECT jsonb_array_elements_text(tags::jsonb)) END
            FROM input ORDER BY ordinal
            ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL DO NOTHING
            RETURNING id, queue, state
        ),
        woken AS (
            SELECT count(pg_notify($11, 'queue:' || queue)) AS notified
            FROM (SELECT DISTINCT queue FROM inserted WHERE state = 'available') due
        )
        SELECT input.ordinal::int8, inserted.id
        FROM inserted JOIN input ON input.id = inserted.id CROSS JOIN woken
        """

    typealias Row = (Int, Int64)

    let jobs: [NewJob]
    /// The queue's NOTIFY channel.
    let channel: String

    func makeBindings() throws -> PostgresBindings {
        let epoch = Date(timeIntervalSince1970: 0)
        var bindings = PostgresBindings(capacity: 11)
        bindings.append(jobs.map(\.queue))
        bindings.append(jobs.map(\.kind))
        bindings.append(jobs.map(\.payload))
        bindings.append(jobs.map(\.priority))
        bindings.append(jobs.map(\.maxAttempts))
        bindings.append(jobs.map { $0.runAt ?? epoch })
        bindings.append(jobs.map { $0.uniqueKey ?? "" })
        bindings.append(jobs.map { $0.createdBy ?? "" })
        bindings.append(jobs.map { $0.timeoutSeconds ?? 0 })
        bindings.append(jobs.map(Self.tagsJSON))
        bindings.append(channel)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Row.self)
    }

    /// Tags travel as one JSON array per job (unnest cannot take a ragged array of arrays); none as "".
    static func tagsJSON(_ job: NewJob) -> String {
        guard !job.tags.isEmpty, let data = try? JSONSerialization.data(withJSONObject: job.tags) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}
