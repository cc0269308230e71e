import AsyncHTTPClient
import Common
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import PostgresNIO
import Testing

/// Every service through a real PgBouncer 1.18 in transaction pooling, in the test's own schema: the migrations,
/// the admin API, webhooks received many at once, jobs enqueued and drained by two worker processes, outbound
/// deliveries; and a schema that cannot be applied stops each of them at start.
@Suite struct PgBouncerTests {
    @Test func everyServiceWorksThroughPgBouncerInTransactionPooling() async throws {
        let target = TargetServer()
        try await target.run { base in
            try await TestDatabase.with(migrated: false) { db in
                try await PooledRole.with(db, searchPath: db.schema) { role in
                    try await PgBouncer.with(db, users: [role.name]) { bouncer in
                        let env = role.environment(through: bouncer)
                        let migrators = try (0..<2).map { _ in try ServiceProcess("sluice-api", arguments: ["migrate"], environment: env) }
                        for migrator in migrators { #expect(try await migrator.waitForExit(timeout: .seconds(60)) == 0, "\(migrator.log)") }
                        let versions = try await db.scalar("SELECT array_agg(version ORDER BY version) FROM schema_migrations", as: [Int].self)
                        #expect(versions == (try Migration.bundledVersions()))

                        let api = try ServiceProcess("sluice-api", arguments: ["serve"], environment: env)
                        let webhooks = try ServiceProcess("sluice-webhooks", environment: env)
                        // One worker LISTENs on the direct connection, the other polls through the pooler.
                        let workers = try [
                            ServiceProcess.worker(db, env.merging(["SLUICE_DB_DIRECT_URL": bouncer.directURL(user: role.name)]) { $1 }),
                            ServiceProcess.worker(db, env),
                        ]
                        let http = HTTPClient(configuration: .init(connectionPool: .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)))
                        do {
                            let admin = AdminCalls(http: http, port: try await api.listeningPort(), token: role.adminToken)
                            let hooks = try await webhooks.listeningPort()
                            try await exercise(admin: admin, hooksPort: hooks, target: base, db: db)
                            for worker in workers { #expect(try await worker.listeningPort() > 0) }
                            #expect(workers[1].log.contains("polling only"))
                            try await http.shutdown()
                        } catch {
                            try? await http.shutdown()
                            throw error
                        }
                        for service in [api, webhooks] + workers { service.signal(SIGTERM) }
                        for service in [api, webhooks] + workers { #expect(try await service.waitForExit() == 0, "\(service.log)") }
                    }
                }
                #expect(try await db.sluiceTablesInPublic() == 0)
            }
        }
    }

    /// Through PgBouncer: the admin API creates a source, an application and an endpoint, enqueues jobs and
    /// publishes messages; 300 webhooks arrive 64 at a time and all are stored; the workers run every job once.
    private func exercise(admin: AdminCalls, hooksPort: Int, target: String, db: TestDatabase) async throws {
        let source = try await admin.call(.POST, "/v1/sources", #"{"name":"shop","scheme":"standard"}"#, expect: 201)
        let secret = try #require(source["secret"] as? String)
        _ = try await admin.call(.POST, "/v1/apps", #"{"uid":"acme","name":"Acme"}"#, expect: 201)
        _ = try await admin.call(.POST, "/v1/apps/acme/endpoints", #"{"url":"\#(target)/ok"}"#, expect: 201)
        let batch = (0..<200).map { _ in #"{"kind":"noop"}"# }.joined(separator: ",")
        _ = try await admin.call(.POST, "/v1/jobs/batch", #"{"jobs":[\#(batch)]}"#, expect: 201)
        for n in 0..<20 {
            _ = try await admin.call(.POST, "/v1/apps/acme/messages", #"{"event_type":"order.paid","payload":{"n":\#(n)}}"#, expect: 202)
        }

        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for n in 0..<300 {
                group.addTask {
                    let body = #"{"type":"order.paid","n":\#(n)}"#
                    var request = HTTPClientRequest(url: "http://127.0.0.1:\(hooksPort)/hooks/shop")
                    request.method = .POST
                    for field in try WebhookFixture.signed(body, secret: secret) { request.headers.add(name: field.name.rawName, value: field.value) }
                    request.body = .bytes(ByteBuffer(string: body))
                    let response = try await admin.http.execute(request, timeout: .seconds(30))
                    return Int(response.status.code)
                }
            }
            return try await group.reduce(into: [Int: Int]()) { $0[$1, default: 0] += 1 }
        }
        #expect(statuses == [202: 300])

        try await poll("every job to finish", timeout: .seconds(120), every: .milliseconds(200)) {
            try await db.scalar("SELECT count(*) FROM job_history", as: Int.self) == 520
        }
        #expect(try await db.scalar("SELECT count(*) FROM jobs", as: Int.self) == 0)
        #expect(try await db.scalar("SELECT count(*) FROM job_history WHERE state = 'completed' AND attempt = 1", as: Int.self) == 520)
        #expect(try await db.scalar("SELECT count(*) FROM webhook_events WHERE status = 'processed'", as: Int.self) == 300)
        #expect(try await db.scalar("SELECT count(*) FROM deliveries WHERE status = 'succeeded'", as: Int.self) == 20)

        let events = try await admin.call(.GET, "/v1/events?limit=5", expect: 200)
        #expect((events["data"] as? [Any])?.count == 5)
        let health = try await admin.call(.GET, "/v1/health", expect: 200)
        #expect(health["status"] as? String == "ok")
        let audit = try await admin.call(.GET, "/v1/audit", expect: 200)
        #expect(((audit["data"] as? [Any])?.count ?? 0) >= 3)
    }

    @Test func aSchemaThatCannotBeAppliedStopsStartUpWithAClearMessage() async throws {
        try await TestDatabase.with(migrated: false) { db in
            let absent = try ServiceProcess(
                "sluice-webhooks",
                environment: [
                    "DATABASE_URL": db.url, "SLUICE_DB_SCHEMA": db.schema, "HTTP_HOST": "127.0.0.1", "HTTP_PORT": "0",
                    "SLUICE_SECRET_KEY": PooledRole.secretKey,
                ])
            #expect(try await absent.waitForExit() != 0)
            #expect(absent.log.contains("schema '\(db.schema)' (SLUICE_DB_SCHEMA) does not exist"), "\(absent.log)")

            // PostgreSQL's default search_path ("$user", public): the pooler's connections would work in public.
            try await PooledRole.with(db, searchPath: nil) { role in
                try await PgBouncer.with(db, users: [role.name]) { bouncer in
                    let env = role.environment(through: bouncer)
                    let hint = #"ALTER ROLE "\#(role.name)" IN DATABASE "\#(role.database)" SET search_path = "\#(db.schema)""#
                    let migrate = try ServiceProcess("sluice-api", arguments: ["migrate"], environment: env)
                    #expect(try await migrate.waitForExit(timeout: .seconds(60)) == 1)
                    #expect(migrate.log.contains(hint), "\(migrate.log)")
                    #expect(try await db.scalar("SELECT count(*) FROM schema_migrations", as: Int.self) == (try Migration.bundledVersions()).count)

                    let services = try [
                        ServiceProcess("sluice-api", arguments: ["serve"], environment: env),
                        ServiceProcess("sluice-webhooks", environment: env),
                        ServiceProcess("sluice-worker", environment: env),
                        ServiceProcess("sluice-metrics", environment: env),
                        ServiceProcess("sluice-api", arguments: ["sources", "list"], environment: env),
                    ]
                    for service in services {
                        #expect(try await service.waitForExit() != 0)
                        #expect(service.log.contains("connections use 'public'") && service.log.contains(hint), "\(service.log)")
                    }
                }
                // `migrate --set-role-search-path` (on the direct URL) sets the role's default, which the server
                // connections a pooler opens afterwards start with: then every check passes.
                try await PgBouncer.with(db, users: [role.name]) { bouncer in
                    let env = role.environment(through: bouncer).merging(["SLUICE_DB_DIRECT_URL": bouncer.directURL(user: role.name)]) { $1 }
                    let fix = try ServiceProcess("sluice-api", arguments: ["migrate", "--set-role-search-path"], environment: env)
                    #expect(try await fix.waitForExit(timeout: .seconds(60)) == 0, "\(fix.log)")
                    let list = try ServiceProcess("sluice-api", arguments: ["sources", "list"], environment: env)
                    #expect(try await list.waitForExit() == 0, "\(list.log)")
                }
            }
            #expect(try await db.sluiceTablesInPublic() == 0)
        }
    }
}

/// A login role of the test's own with `searchPath` as its default in the test database (as an operator sets it
/// for PgBouncer); afterwards what it owns goes to the suite's role and it is dropped.
struct PooledRole: Sendable {
    let name: String
    let database: String
    let schema: String
    let adminToken = "admin-" + UUID().uuidString
    static let secretKey = Data((0..<32).map { _ in UInt8.random(in: .min ... .max) }).base64EncodedString()

    static func with<T: Sendable>(_ db: TestDatabase, searchPath: String?, _ body: @Sendable (PooledRole) async throws -> T) async throws -> T {
        let database = String(try #require(URLComponents(string: db.url)).path.dropFirst())
        let role = PooledRole(name: "r_\(db.schema)", database: database, schema: db.schema)
        try await db.execute(PostgresQuery(unsafeSQL: "CREATE ROLE \(role.name) LOGIN SUPERUSER"))
        if let searchPath {
            try await db.execute(PostgresQuery(unsafeSQL: #"ALTER ROLE \#(role.name) IN DATABASE "\#(database)" SET search_path = "\#(searchPath)""#))
        }
        do {
            let result = try await body(role)
            try await role.drop(db)
            return result
        } catch {
            try? await role.drop(db)
            throw error
        }
    }

    /// Each service's environment behind PgBouncer, as docs/deploy.md sets it.
    func environment(through bouncer: PgBouncer) -> [String: String] {
        [
            "DATABASE_URL": bouncer.url(user: name), "SLUICE_DB_POOL_MODE": "transaction", "SLUICE_DB_SCHEMA": schema,
            "HTTP_HOST": "127.0.0.1", "HTTP_PORT": "0", "LOG_LEVEL": "info", "SLUICE_SECRET_KEY": Self.secretKey,
            "SLUICE_ADMIN_TOKEN": adminToken, "SLUICE_ALLOW_PRIVATE_TARGETS": "true",
        ]
    }

    private func drop(_ db: TestDatabase) async throws {
        try await db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = \(name)")
        try await db.execute(PostgresQuery(unsafeSQL: "REASSIGN OWNED BY \(name) TO CURRENT_USER"))
        try await db.execute(PostgresQuery(unsafeSQL: "DROP OWNED BY \(name)"))
        try await db.execute(PostgresQuery(unsafeSQL: "DROP ROLE \(name)"))
    }
}

/// Calls to a `sluice-api` process with the legacy admin token.
struct AdminCalls: Sendable {
    let http: HTTPClient
    let port: Int
    let token: String

    func call(_ method: HTTPMethod, _ path: String, _ body: String? = nil, expect status: Int) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await http.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        #expect(Int(response.status.code) == status, "\(method) \(path): \(String(buffer: bytes))")
        return (try? JSONSerialization.jsonObject(with: Data(buffer: bytes))) as? [String: Any] ?? [:]
    }
}

extension TestDatabase {
    /// Tables of this test's schema that also exist in `public`: a service that fell back to `public` made them.
    func sluiceTablesInPublic() async throws -> Int {
        try await scalar(
            "SELECT count(*) FROM pg_tables p WHERE p.schemaname = 'public' AND p.tablename IN (SELECT tablename FROM pg_tables WHERE schemaname = \(schema))",
            as: Int.self)
    }
}

extension Migration {
    static func bundledVersions() throws -> [Int] { try bundled().map(\.version) }
}
