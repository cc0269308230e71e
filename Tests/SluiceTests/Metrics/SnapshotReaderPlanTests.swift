import Common
import MetricsExporter
import PostgresNIO
import Testing

/// The refresh's statements read a bounded number of rows: no sequential scan of `jobs`, `job_history` or
/// `webhook_events` on a schema big enough that a plain count would choose one, and estimates close to the truth.
@Suite struct SnapshotReaderPlanTests {
    static let limit = 1_000

    /// 30,000 waiting jobs (queue `bulk`, five kinds), 20 running on two workers, 100,000 completed and 5,000 discarded,
    /// 20,000 processed and 3 failed inbound events.
    static func seed(_ db: TestDatabase) async throws {
        // One connection: its inserts' statistics are flushed before ANALYZE sets n_live_tup. Flushed after it, they
        // would be added on top of ANALYZE's count and double the live rows the estimates scale to.
        try await db.client.withConnection { connection in
            try await connection.query(
            """
            INSERT INTO jobs (queue, kind, run_at, created_at)
            SELECT 'bulk', 'k' || (i % 5), now() - interval '1 minute', now() FROM generate_series(1, 30000) i
            """,
                logger: db.logger
            )
            try await connection.query(
            """
            INSERT INTO jobs (queue, kind, state, locked_by, lease_expires_at, attempt)
            SELECT 'bulk', 'k0', 'running', 'w' || (i % 2), now() + interval '5 minutes', 1 FROM generate_series(1, 20) i
            """,
                logger: db.logger
            )
            try await connection.query(
            """
            INSERT INTO job_history (id, queue, kind, payload, priority, state, attempt, max_attempts, errors, created_at, finished_at)
            SELECT 1000000 + i, 'bulk', 'k' || (i % 5), '{}', 0, CASE WHEN i % 21 = 0 THEN 'discarded' ELSE 'completed' END, 1, 25, '[]',
                   now() - interval '1 hour', now() - make_interval(secs => i)
            FROM generate_series(1, 105000) i
            """,
                logger: db.logger
            )
            try await connection.query(
            """
            WITH s AS (INSERT INTO sources (name, scheme) VALUES ('shop', 'github') RETURNING id)
            INSERT INTO webhook_events (source_id, external_id, body, status)
            SELECT s.id, i::text, '\\x00', CASE WHEN i <= 3 THEN 'failed' ELSE 'processed' END FROM s, generate_series(1, 20003) i
            """,
                logger: db.logger
            )
            try await connection.query("SELECT pg_stat_force_next_flush()", logger: db.logger)
            try await connection.query("ANALYZE webhook_events, jobs, job_history", logger: db.logger)
        }
    }

    @Test func aPlainCountWouldScanButTheRefreshUsesIndexesAndSamples() async throws {
        try await TestDatabase.with { db in
            try await Self.seed(db)
            for (table, count) in [
                ("jobs", "SELECT queue, kind, state, count(*) FROM jobs GROUP BY 1, 2, 3"),
                ("job_history", "SELECT queue, kind, count(*) FROM job_history GROUP BY 1, 2"),
                ("webhook_events", "SELECT s.name, e.status, count(*) FROM webhook_events e JOIN sources s ON s.id = e.source_id GROUP BY 1, 2"),
            ] {
                let plan = try await Self.plan(db, count)
                #expect(plan.contains("Seq Scan on \(table)"), "the seeded \(table) is too small to make the check meaningful: \(plan)")
            }

            let (snapshot, scans) = try await db.client.transaction(logger: db.logger) { connection in
                let before = try await Self.scans(connection, db)
                let snapshot = try await SnapshotReader(exactLimit: Self.limit, logger: db.logger).read(on: connection)
                let after = try await Self.scans(connection, db)
                return (snapshot, after.map { ($0.key, (seq: $0.value.seq - before[$0.key]!.seq, index: $0.value.index - before[$0.key]!.index)) })
            }
            for (table, delta) in scans {
                #expect(delta.seq == 0, "the refresh scanned \(table) sequentially")
                #expect(delta.index > 0, "the refresh did not read \(table) through an index")
            }

            #expect(snapshot.estimatedTables == ["jobs", "webhook_events"])
            #expect(snapshot.inboundEvents.contains(Labeled(["shop", "failed"], 3)))
            let processed = try #require(snapshot.inboundEvents.first { $0.labels == ["shop", "processed"] }?.value)
            #expect(abs(processed - 20_000) <= 4_000, "estimated \(processed) processed events of 20,000")
            let waiting = snapshot.jobs.filter { $0.labels[2] == "available" }.reduce(0) { $0 + $1.value }
            #expect(abs(waiting - 30_000) <= 6_000, "estimated \(waiting) waiting jobs of 30,000")
            #expect(snapshot.jobs.contains(Labeled(["bulk", "k0", "running"], 20)))
            let depth = try #require(snapshot.queueDepth.first { $0.labels == ["bulk"] }?.value)
            #expect(abs(depth - 30_000) <= 6_000, "estimated depth \(depth) of 30,000")
            let age = try #require(snapshot.oldestDueAge.first { $0.labels == ["bulk"] }?.value)
            #expect(age >= 60 && age < 120)
            let dlq = snapshot.deadLetters.reduce(0) { $0 + $1.value }
            #expect(abs(dlq - 5_000) <= 1_000, "estimated \(dlq) discarded jobs of 5,000")
            #expect(snapshot.deadLetters.count == 5)
            #expect(snapshot.workers.isEmpty)
        }
    }

    @Test func belowTheLimitEveryCountIsExact() async throws {
        try await TestDatabase.with { db in
            try await Self.seed(db)
            let snapshot = try await SnapshotReader(exactLimit: 200_000, logger: db.logger).read(from: db.client)
            #expect(snapshot.estimatedTables.isEmpty)
            #expect(snapshot.inboundEvents == [Labeled(["shop", "failed"], 3), Labeled(["shop", "processed"], 20_000)])
            #expect(snapshot.jobs.contains(Labeled(["bulk", "k1", "available"], 6_000)))
            #expect(snapshot.queueDepth == [Labeled(["bulk"], 30_000)])
            #expect(snapshot.deadLetters.reduce(0) { $0 + $1.value } == 5_000)
        }
    }

    static func plan(_ db: TestDatabase, _ sql: String) async throws -> String {
        let rows = try await db.client.query(PostgresQuery(unsafeSQL: "EXPLAIN " + sql), logger: db.logger)
        return try await rows.decode(String.self).reduce(into: "") { $0 += $1 + "\n" }
    }

    /// Sequential and index scans of the big tables counted so far in this transaction.
    static func scans(_ connection: PostgresConnection, _ db: TestDatabase) async throws -> [String: (seq: Int, index: Int)] {
        let rows = try await connection.query(
            """
            SELECT relname::text, seq_scan::int8, coalesce(idx_scan, 0)::int8 FROM pg_stat_xact_user_tables
            WHERE schemaname = current_schema() AND relname IN ('jobs', 'job_history', 'webhook_events')
            """,
            logger: db.logger
        )
        var scans: [String: (seq: Int, index: Int)] = [:]
        for try await (table, seq, index) in rows.decode((String, Int, Int).self) { scans[table] = (seq, index) }
        return scans
    }
}
