import Foundation
import PostgresNIO

extension SnapshotReader {
    /// The states `jobs_claim_idx` holds; the statements repeat its predicate so the planner may use it.
    static let waiting = "state IN ('available', 'scheduled', 'retryable')"

    /// Jobs by queue/kind/state, and per queue the depth due now and the oldest due job's age. Answers the running
    /// jobs by worker id.
    func readJobs(into snapshot: inout Snapshot, sample: TableSample, on connection: PostgresConnection) async throws -> [String: Double] {
        let running = try await runningJobs(on: connection)
        let waiting = try await waitingJobs(sample: sample, on: connection)
        let runningByKind = Dictionary(running.map { ([$0.queue, $0.kind, "running"], Double($0.count)) }, uniquingKeysWith: +)
        snapshot.jobs = (runningByKind.map { Labeled($0.key, $0.value) } + waiting.groups).sorted { $0.labels.lexicographicallyPrecedes($1.labels) }
        for queue in try await queueHeads(on: connection) {
            let depth = queue.capped ? max(Double(queue.due), waiting.dueByQueue[queue.queue] ?? 0) : Double(queue.due)
            snapshot.queueDepth.append(Labeled([queue.queue], depth))
            snapshot.oldestDueAge.append(Labeled([queue.queue], queue.oldestDueAge))
        }
        return Dictionary(running.map { ($0.worker, Double($0.count)) }, uniquingKeysWith: +)
    }

    /// Running jobs are few (at most the workers' concurrency) and `jobs_running_idx` holds exactly them: counted exactly.
    private func runningJobs(on connection: PostgresConnection) async throws -> [(queue: String, kind: String, worker: String, count: Int)] {
        try await fetch(
            "SELECT queue, kind, coalesce(locked_by, ''), count(*)::int8 FROM jobs WHERE state = 'running' GROUP BY 1, 2, 3",
            as: (String, String, String, Int).self,
            on: connection
        ).map { (queue: $0.0, kind: $0.1, worker: $0.2, count: $0.3) }
    }

    /// Waiting jobs by queue/kind/state and due per queue: exact for a small table, else scaled from a block sample
    /// of about `exactLimit` rows (running rows stay in the sample so that it scales to the whole table's row count).
    private func waitingJobs(sample: TableSample, on connection: PostgresConnection) async throws -> (groups: [Labeled], dueByQueue: [String: Double])
    {
        let rows = try await fetch(
            """
            SELECT queue, kind, state, count(*)::int8, count(*) FILTER (WHERE state <> 'running' AND run_at <= now())::int8
            FROM jobs \(unescaped: sample.clause) GROUP BY 1, 2, 3
            """,
            as: (String, String, String, Int, Int).self,
            on: connection
        )
        let sampled = Double(rows.reduce(0) { $0 + $1.3 })
        let waiting = rows.filter { $0.2 != "running" }
        let groups = waiting.map { Labeled([$0.0, $0.1, $0.2], sample.scale(Double($0.3), sampledRows: sampled)) }
        let due = Dictionary(waiting.map { ($0.0, sample.scale(Double($0.4), sampledRows: sampled)) }, uniquingKeysWith: +)
        return (groups, due)
    }

    /// Per queue with waiting jobs: the due jobs, counted exactly up to a share of `exactLimit` per (queue, priority),
    /// and the oldest due job's age. A loose index scan of `jobs_claim_idx`: one descent per (queue, priority) and
    /// at most `exactLimit` index entries in all, whatever the backlog (`ORDER BY run_at` keeps the planner on the
    /// index: a capped count may otherwise become a sequential scan that stops early only if the rows come first).
    private func queueHeads(on connection: PostgresConnection) async throws -> [(queue: String, due: Int, capped: Bool, oldestDueAge: Double)] {
        let rows = try await fetch(
            """
            WITH RECURSIVE heads AS (
                (SELECT queue, priority FROM jobs WHERE \(unescaped: Self.waiting) ORDER BY queue, priority LIMIT 1)
                UNION ALL
                SELECT next.queue, next.priority FROM heads h CROSS JOIN LATERAL (
                    SELECT queue, priority FROM jobs
                    WHERE \(unescaped: Self.waiting) AND (queue, priority) > (h.queue, h.priority)
                    ORDER BY queue, priority LIMIT 1
                ) next
            ),
            budget AS (SELECT greatest(100, \(exactLimit) / count(*))::int8 AS per_head FROM heads)
            SELECT h.queue,
                   sum(d.due)::int8,
                   bool_or(d.due >= (SELECT per_head FROM budget)),
                   coalesce(extract(epoch FROM now() - min(o.run_at) FILTER (WHERE o.run_at <= now())), 0)::float8
            FROM heads h
            CROSS JOIN LATERAL (
                SELECT run_at FROM jobs WHERE \(unescaped: Self.waiting) AND queue = h.queue AND priority = h.priority
                ORDER BY run_at LIMIT 1
            ) o
            CROSS JOIN LATERAL (
                SELECT count(*)::int8 AS due FROM (
                    SELECT 1 FROM jobs
                    WHERE \(unescaped: Self.waiting) AND queue = h.queue AND priority = h.priority AND run_at <= now()
                    ORDER BY run_at LIMIT (SELECT per_head FROM budget)
                ) c
            ) d
            GROUP BY h.queue ORDER BY h.queue
            """,
            as: (String, Int, Bool, Double).self,
            on: connection
        )
        return rows.map { (queue: $0.0, due: $0.1, capped: $0.2, oldestDueAge: $0.3) }
    }
}
