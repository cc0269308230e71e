import Foundation
import PostgresNIO

extension JobQueue {
    /// Enqueues one job; see `enqueue(_:on:)` for many.
    @discardableResult
    public func enqueue(_ job: NewJob, on connection: PostgresConnection? = nil) async throws -> EnqueuedJob {
        try await enqueue([job], on: connection)[0]
    }

    /// Enqueues many jobs in one statement, answering in input order. A job whose unique key is held by a
    /// live job (or by an earlier job of the same batch) answers that job's id with `created == false`.
    /// Idle workers of the affected queues are woken with one NOTIFY per queue, delivered at commit.
    public func enqueue(_ jobs: [NewJob], on connection: PostgresConnection? = nil) async throws -> [EnqueuedJob] {
        guard !jobs.isEmpty else { return [] }
        for job in jobs { try job.validate() }
        let rows = try await run(Self.insertQuery(jobs, channel: channel), on: connection)
        var results = [EnqueuedJob?](repeating: nil, count: jobs.count)
        for try await (ordinal, id) in rows.decode((Int, Int64).self) {
            results[ordinal - 1] = EnqueuedJob(id: id, created: true)
        }
        let pending = results.indices.filter { results[$0] == nil }
        guard !pending.isEmpty else { return results.map { $0! } }
        let existing = try await existingJobs(uniqueKeys: pending.compactMap { jobs[$0].uniqueKey }, on: connection)
        var retry: [Int] = []
        for index in pending {
            if let id = existing[jobs[index].uniqueKey!] {
                results[index] = EnqueuedJob(id: id, created: false)
            } else {
                retry.append(index)
            }
        }
        // The job holding the key finished between the insert and the lookup: enqueue those again.
        if !retry.isEmpty {
            let again = try await enqueue(retry.map { jobs[$0] }, on: connection)
            for (index, result) in zip(retry, again) { results[index] = result }
        }
        return results.map { $0! }
    }

    private func existingJobs(uniqueKeys: [String], on connection: PostgresConnection?) async throws -> [String: Int64] {
        var found: [String: Int64] = [:]
        let rows = try await run("SELECT unique_key, id FROM jobs WHERE unique_key = ANY(\(uniqueKeys))", on: connection)
        for try await (key, id) in rows.decode((String, Int64).self) { found[key] = id }
        return found
    }

    /// Tags travel as one JSON array per job (unnest cannot take a ragged array of arrays); none as "".
    static func tagsJSON(_ job: NewJob) -> String {
        guard !job.tags.isEmpty, let data = try? JSONSerialization.data(withJSONObject: job.tags) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    static func insertQuery(_ jobs: [NewJob], channel: String) -> PostgresQuery {
        let epoch = Date(timeIntervalSince1970: 0)
        return """
            WITH input AS (
                SELECT t.*, nextval('jobs_id_seq') AS id
                FROM unnest(\(jobs.map(\.queue)), \(jobs.map(\.kind)), \(jobs.map(\.payload)), \(jobs.map(\.priority)),
                            \(jobs.map(\.maxAttempts)), \(jobs.map { $0.runAt ?? epoch }), \(jobs.map { $0.uniqueKey ?? "" }),
                            \(jobs.map { $0.createdBy ?? "" }), \(jobs.map { $0.timeoutSeconds ?? 0 }), \(jobs.map(Self.tagsJSON)))
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
                SELECT count(pg_notify(\(channel), 'queue:' || queue)) AS notified
                FROM (SELECT DISTINCT queue FROM inserted WHERE state = 'available') due
            )
            SELECT input.ordinal::int8, inserted.id
            FROM inserted JOIN input ON input.id = inserted.id CROSS JOIN woken
            """
    }
}
