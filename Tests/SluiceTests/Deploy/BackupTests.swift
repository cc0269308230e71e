import Common
import Foundation
import PostgresNIO
import Queue
import Testing

/// scripts/backup and scripts/restore against the test PostgreSQL: a backup taken while jobs and events are being
/// written restores into a new database with everything committed before it, and the restore refuses what it must.
@Suite("Backup and restore")
struct BackupTests {
    static let scripts = Script.root.appendingPathComponent("scripts")

    /// Keeps enqueueing jobs, each batch with one webhook event, until cancelled.
    static func keepWriting(_ db: TestDatabase) -> Task<Int, Error> {
        Task {
            var batches = 0
            while !Task.isCancelled {
                _ = try await db.queue.enqueue((0..<10).map { NewJob(kind: "noop", payload: #"{"n":\#($0)}"#) })
                try await db.execute("INSERT INTO webhook_events (source_id, external_id, body) SELECT id, \(UUID().uuidString), '\\x7b7d' FROM sources")
                batches += 1
            }
            return batches
        }
    }

    /// The first column of every row of `query`.
    static func column<T: PostgresDecodable & Sendable>(_ client: PostgresClient, _ query: PostgresQuery, as type: T.Type, _ db: TestDatabase) async throws -> [T] {
        var values: [T] = []
        for try await value in try await client.query(query, logger: db.logger).decode(T.self) { values.append(value) }
        return values
    }

    /// `url` with its database name replaced.
    static func url(_ url: String, database: String) throws -> String {
        var components = try #require(URLComponents(string: url))
        components.path = "/" + database
        return try #require(components.string)
    }

    @Test("a backup taken during writes restores into a new database with every committed job and event; refusals")
    func backupAndRestore() async throws {
        try await TestDatabase.with { db in
            try await db.execute("INSERT INTO sources (name, scheme) VALUES ('shop', 'standard')")
            let writer = Self.keepWriting(db)
            try await poll("the first writes") { try await db.scalar("SELECT count(*) FROM jobs", as: Int.self) >= 200 }
            // Everything visible now was committed before the backup began: all of it must come back.
            let jobsBefore = try await Self.column(db.client, "SELECT id FROM jobs", as: Int64.self, db)
            let eventsBefore = try await Self.column(db.client, "SELECT id FROM webhook_events", as: Int64.self, db)

            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-backup-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let backup = try await Script.run(
                Self.scripts.appendingPathComponent("backup").path, ["--dir", folder.path, "--keep", "2"],
                environment: ["DATABASE_URL": db.url, "SLUICE_DB_SCHEMA": db.schema]
            )
            let jobsDuring = try await db.scalar("SELECT count(*) FROM jobs", as: Int.self)
            writer.cancel()
            _ = try? await writer.value
            try #require(backup.status == 0, "\(backup.output)")
            #expect(jobsDuring > jobsBefore.count, "the writes went on while the backup ran")
            let dump = try #require(backup.output.split(separator: "\n").last.map(String.init))
            #expect(dump.hasSuffix(".dump") && FileManager.default.fileExists(atPath: dump))

            let database = "restore_" + String(UInt64.random(in: .min ... .max), radix: 36)
            try await db.execute(PostgresQuery(unsafeSQL: "CREATE DATABASE \(database)"))
            let restoreURL = try Self.url(db.url, database: database)
            let restoreEnvironment = [
                "DATABASE_URL": restoreURL, "SLUICE_DB_SCHEMA": db.schema,
                "SLUICE_API_BIN": ServiceProcess.binDirectory.appendingPathComponent("sluice-api").path,
            ]
            let restore = { (arguments: [String]) in
                try await Script.run(Self.scripts.appendingPathComponent("restore").path, arguments, environment: restoreEnvironment)
            }
            do {
                let restored = try await restore([dump])
                #expect(restored.status == 0, "\(restored.output)")

                let settings = try DatabaseSettings(url: restoreURL, schema: db.schema)
                let client = PostgresClient(settings: settings, maximumConnections: 2, logger: db.logger)
                try await client.runWhile {
                    let jobs = try await Self.column(client, "SELECT count(*) FROM jobs WHERE id = ANY(\(jobsBefore))", as: Int.self, db)
                    #expect(jobs == [jobsBefore.count], "every job committed before the backup is restored")
                    let events = try await Self.column(client, "SELECT count(*) FROM webhook_events WHERE id = ANY(\(eventsBefore))", as: Int.self, db)
                    #expect(events == [eventsBefore.count], "every event committed before the backup is restored")
                    // The counts file came from the dump's own snapshot: the restore holds exactly that many.
                    let counts = try String(contentsOfFile: dump.replacingOccurrences(of: ".dump", with: ".counts"), encoding: .utf8)
                    let backedUp = try #require(counts.split(separator: "\n").first { $0.hasPrefix("jobs\t") }?.split(separator: "\t").last.flatMap { Int($0) })
                    #expect(try await Self.column(client, "SELECT count(*) FROM jobs", as: Int.self, db) == [backedUp])
                    #expect(backedUp >= jobsBefore.count)
                    // The migrations ran after the restore: the schema is current.
                    let versions = try await Self.column(client, "SELECT max(version) FROM schema_migrations", as: Int.self, db)
                    #expect(versions == [try Migration.bundled().last?.version ?? 0])
                }

                let refused = try await restore([dump])
                #expect(refused.status != 0)
                #expect(refused.output.contains("--force"), "\(refused.output)")
                let forced = try await restore(["--force", dump])
                #expect(forced.status == 0, "\(forced.output)")

                try await Self.expectCorruptionRefused(dump, restore: restore)
            } catch {
                try? await db.execute(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(database) WITH (FORCE)"))
                throw error
            }
            try await db.execute(PostgresQuery(unsafeSQL: "DROP DATABASE \(database) WITH (FORCE)"))
        }
    }

    /// A changed byte fails the checksum; a truncated dump with a matching checksum fails the reading.
    static func expectCorruptionRefused(_ dump: String, restore: ([String]) async throws -> Script) async throws {
        let base = URL(fileURLWithPath: dump).deletingPathExtension()
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-corrupt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: copy) }
        for ext in ["dump", "counts", "sha256"] {
            try FileManager.default.copyItem(at: base.appendingPathExtension(ext), to: copy.appendingPathComponent(base.lastPathComponent).appendingPathExtension(ext))
        }
        let copied = copy.appendingPathComponent(base.lastPathComponent).appendingPathExtension("dump")
        var bytes = try Data(contentsOf: copied)
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: copied)
        let flipped = try await restore(["--force", copied.path])
        #expect(flipped.status != 0)
        #expect(flipped.output.contains("checksum mismatch"), "\(flipped.output)")

        try bytes.prefix(bytes.count / 2).write(to: copied)
        let rehash = try await Script.run("/bin/sh", ["-c", "cd \"$0\" && sha256sum \"$1.dump\" \"$1.counts\" > \"$1.sha256\"", copy.path, base.lastPathComponent])
        try #require(rehash.status == 0, "\(rehash.output)")
        let truncated = try await restore(["--force", copied.path])
        #expect(truncated.status != 0)
        // pg_restore notices the missing end while reading the table of contents or the data, before anything changes.
        #expect(truncated.output.contains("not restoring") && !truncated.output.contains("checksum"), "\(truncated.output)")
    }
}
