import Admin
import Crypto
import Foundation
import PostgresNIO
import Testing

/// The admin web UI in a real headless Chromium: a live `sluice-api` and `sluice-worker` (real processes) on a
/// test schema seeded with 10,000 jobs, dead-lettered jobs, and a job and an inbound event carrying HTML. The
/// browser tests are Python (selenium, Tests/ui/test_admin_ui.py); each saves a screenshot under
/// `.build/ui-screenshots/`.
@Suite struct AdminUITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let seededJobs = 10_000

    @Test func adminUIInHeadlessChromium() async throws {
        try await TestDatabase.with { db in
            let seed = try await Self.seed(db)
            let secret = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
            let api = try ServiceProcess(
                "sluice-api", arguments: ["serve"],
                environment: [
                    "DATABASE_URL": db.url, "SLUICE_DB_SCHEMA": db.schema, "HTTP_HOST": "127.0.0.1", "HTTP_PORT": "0", "LOG_LEVEL": "info",
                    "SLUICE_SECRET_KEY": secret, "SLUICE_BCRYPT_COST": "6", "SLUICE_SIGNIN_FAILURES_PER_ADDRESS": "1000",
                ]
            )
            let worker = try ServiceProcess.worker(db)
            let port = try await api.listeningPort()
            let environment = seed.merging([
                "SLUICE_UI_URL": "http://127.0.0.1:\(port)",
                "SLUICE_UI_SCREENSHOTS": Self.root.appendingPathComponent(".build/ui-screenshots").path,
            ]) { $1 }
            let (status, output) = try await Self.runOffThePool {
                try Python.run(file: Self.root.appendingPathComponent("Tests/ui/test_admin_ui.py"), environment: environment)
            }
            // The measured page times, for the test log.
            for line in output.split(separator: "\n") where line.hasPrefix("ms from navigation start") { print("admin UI: \(line)") }
            #expect(status == 0, "browser tests failed:\n\(output)\n--- sluice-api log (end) ---\n\(api.log.suffix(4000))")
            #expect(output.contains("OK"), "\(output)")
            #expect(worker.process.isRunning, "the worker exited: \(worker.log.suffix(2000))")
        }
    }

    /// Runs a blocking call (the browser tests take a minute) on a thread of its own, not the test's executor.
    static func runOffThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Users with their ids, a super-admin's key, and the jobs and event the browser tests look for.
    static func seed(_ db: TestDatabase) async throws -> [String: String] {
        let users = UserStore(logger: db.logger)
        let (superKey, adminID, viewerID) = try await db.client.transaction(logger: db.logger) { connection in
            let root = try await users.createUser(email: "ui-root@example.com", role: .superAdmin, on: connection)
            let (_, key) = try await users.createKey(userID: root.id, name: "ui tests", expiresAt: nil, on: connection)
            let admin = try await users.createUser(email: "ui-admin@example.com", role: .admin, on: connection)
            let viewer = try await users.createUser(email: "ui-viewer@example.com", role: .viewer, on: connection)
            return (key, admin.id, viewer.id)
        }
        try await db.client.query(
            """
            INSERT INTO jobs (queue, kind, payload, state, run_at, created_by)
            SELECT 'reports', 'report.build', jsonb_build_object('report', g), 'scheduled', now() + interval '1 day', 'seed'
            FROM generate_series(1, \(seededJobs)) g
            """,
            logger: db.logger
        )
        let errors = #"[{"attempt": 3, "at": "2026-12-01T09:00:00Z", "error": "upstream answered 503"}]"#
        var discarded: [Int64] = []
        for _ in 0..<3 { discarded.append(try await finished(db, kind: "noop", state: "discarded", payload: #"{"order": 7}"#, errors: errors)) }
        let html = #"{"note": "<script>window.__xss = 'job'</script><img src=x onerror=\"window.__xss = 'img'\">"}"#
        let xssJob = try await finished(db, kind: "noop", state: "completed", payload: html, errors: "[]")
        let event = try await db.client.query(
            """
            WITH source AS (INSERT INTO sources (name, scheme, insecure) VALUES ('shop', 'none', true) RETURNING id)
            INSERT INTO webhook_events (source_id, external_id, event_type, headers, body, status, error)
            SELECT id, 'evt_1', '<script>window.__xss = ''type''</script>', '{"x-evil": "<img src=x onerror=window.__xss=1>"}'::jsonb,
                   convert_to('{"note": "<script>window.__xss = ''body''</script><img src=x onerror=window.__xss=2>"}', 'UTF8'), 'failed',
                   '<b>bold</b> error'
            FROM source RETURNING id
            """,
            logger: db.logger
        ).collect()[0].decode(Int64.self)
        return [
            "SLUICE_UI_SUPER_KEY": superKey, "SLUICE_UI_ADMIN_ID": "\(adminID)", "SLUICE_UI_VIEWER_ID": "\(viewerID)",
            "SLUICE_UI_RETRY_JOB": "\(discarded[0])", "SLUICE_UI_SPARE_JOB": "\(discarded[1])", "SLUICE_UI_DLQ_JOB": "\(discarded[2])",
            "SLUICE_UI_XSS_JOB": "\(xssJob)", "SLUICE_UI_XSS_EVENT": "\(event)", "SLUICE_UI_SEEDED_JOBS": "\(seededJobs)",
        ]
    }

    /// A finished job in the history table, with an id from the jobs' own sequence.
    static func finished(_ db: TestDatabase, kind: String, state: String, payload: String, errors: String) async throws -> Int64 {
        try await db.client.query(
            """
            INSERT INTO job_history (id, queue, kind, payload, priority, state, attempt, max_attempts, errors, created_by, created_at, finished_at)
            VALUES (nextval(pg_get_serial_sequence('jobs', 'id')), 'default', \(kind), \(payload)::jsonb, 0, \(state), 3, 3, \(errors)::jsonb, 'seed',
                    now() - interval '1 hour', now())
            RETURNING id
            """,
            logger: db.logger
        ).collect()[0].decode(Int64.self)
    }
}
