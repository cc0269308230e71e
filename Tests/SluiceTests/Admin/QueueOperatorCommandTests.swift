import Crypto
import Foundation
import Queue
import Testing

/// `sluice-api periodic ...` and `sluice-api jobs bulk ...` as an operator would script them.
@Suite struct QueueOperatorCommandTests {
    static func run(_ db: TestDatabase, _ arguments: [String]) async throws -> (Int32, String) {
        let key = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
        let process = try ServiceProcess("sluice-api", arguments: arguments, environment: ["DATABASE_URL": db.url, "SLUICE_DB_SCHEMA": db.schema, "SLUICE_SECRET_KEY": key])
        return (try await process.waitForExit(), process.log)
    }

    @Test func periodicAddListDisableEnableRemove() async throws {
        try await TestDatabase.with { db in
            let add = try await Self.run(db, ["periodic", "add", "hourly-stats", "--cron", "0 * * * *", "--kind", "stats", "--time-zone", "Europe/Berlin"])
            #expect(add.0 == 0, "\(add.1)")
            #expect(add.1.contains("hourly-stats\t0 * * * *\tEurope/Berlin\tstats@default\tenabled"))
            let list = try await Self.run(db, ["periodic", "list"])
            #expect(list.1.contains("hourly-stats") && list.1.contains("next 20"), "\(list.1)")
            let disable = try await Self.run(db, ["periodic", "disable", "hourly-stats"])
            #expect(disable.1.contains("disabled\tcatch-up skip\tnext -"))
            #expect(try await Self.run(db, ["periodic", "enable", "hourly-stats"]).0 == 0)
            #expect(try await PeriodicJobs(queue: db.queue).get("hourly-stats").nextRunAt != nil)
            let bad = try await Self.run(db, ["periodic", "add", "broken", "--cron", "* *", "--kind", "x"])
            #expect(bad.0 == 1)
            #expect(bad.1.contains("error: cron must have 5 fields"))
            #expect(try await Self.run(db, ["periodic", "remove", "hourly-stats"]).0 == 0)
            #expect(try await Self.run(db, ["periodic", "remove", "hourly-stats"]).0 == 1)
        }
    }

    @Test func jobsBulkRetriesByFilterAndAudits() async throws {
        try await TestDatabase.with { db in
            try await BulkTests.seedDiscarded(db, count: 12, kind: "mail")
            let dry = try await Self.run(db, ["jobs", "bulk", "retry", "--kind", "mail", "--dry-run"])
            #expect(dry.0 == 0, "\(dry.1)")
            #expect(dry.1.contains("would retry 12 matching job(s)"))
            let real = try await Self.run(db, ["jobs", "bulk", "requeue", "--dlq", "--kind", "mail", "--error-contains", "BOOM"])
            #expect(real.1.contains("requeue: 12 affected of 12 matching job(s)"), "\(real.1)")
            #expect(try await db.scalar("SELECT count(*) FROM jobs WHERE state = 'available'", as: Int.self) == 12)
            #expect(try await db.scalar("SELECT count(*) FROM audit_log WHERE action = 'dlq.bulk_requeue' AND payload->>'affected' = '12'", as: Int.self) == 1)
            #expect(try await Self.run(db, ["jobs", "bulk", "requeue"]).0 != 0, "requeue needs --dlq")
        }
    }
}
