import Foundation
import Testing

/// A real PgBouncer (`SLUICE_PGBOUNCER`, installed by scripts/test) in transaction pooling in front of the test
/// PostgreSQL, on a free port of 127.0.0.1, with few server connections so that clients share them. Users listed in
/// `users` log in without a password (`auth_type = trust`; the test cluster trusts 127.0.0.1 as well). PgBouncer
/// refuses to run as root, so as root it runs as the cluster's user `postgres`.
final class PgBouncer: @unchecked Sendable {
    let process: ServiceProcess
    let port: Int
    let upstream: URLComponents
    private let folder: URL

    private init(process: ServiceProcess, port: Int, upstream: URLComponents, folder: URL) {
        self.process = process
        self.port = port
        self.upstream = upstream
        self.folder = folder
    }

    /// Runs PgBouncer in front of `db`'s server for the duration of `body`; stops it afterwards.
    static func with<T: Sendable>(
        _ db: TestDatabase, users: [String], serverConnections: Int = 4, _ body: @Sendable (PgBouncer) async throws -> T
    ) async throws -> T {
        let bouncer = try await start(upstream: try #require(URLComponents(string: db.url)), users: users, serverConnections: serverConnections)
        do {
            let result = try await body(bouncer)
            try await bouncer.stop()
            return result
        } catch {
            try? await bouncer.stop()
            throw error
        }
    }

    /// `DATABASE_URL` for `user` through PgBouncer.
    func url(user: String) -> String {
        var url = upstream
        url.user = user
        url.password = nil
        url.host = "127.0.0.1"
        url.port = port
        return url.string!
    }

    /// `user`'s URL straight to PostgreSQL, past PgBouncer.
    func directURL(user: String) -> String {
        var url = upstream
        url.user = user
        url.password = nil
        return url.string!
    }

    private static var binary: String {
        get throws {
            guard let path = ProcessInfo.processInfo.environment["SLUICE_PGBOUNCER"], !path.isEmpty else {
                throw TestDatabase.Unavailable(description: "SLUICE_PGBOUNCER is not set: run the suite with scripts/test, which installs PgBouncer")
            }
            return path
        }
    }

    /// Starts on a free port; a port taken in the meantime makes PgBouncer exit, and another one is tried.
    private static func start(upstream: URLComponents, users: [String], serverConnections: Int) async throws -> PgBouncer {
        let binary = try Self.binary
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pgbouncer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let authFile = folder.appendingPathComponent("users.txt")
        try users.map { #""\#($0)" """# }.joined(separator: "\n").write(to: authFile, atomically: true, encoding: .utf8)
        for _ in 0..<5 {
            let port = try FreePort.next()
            let config = folder.appendingPathComponent("pgbouncer.ini")
            try """
            [databases]
            * = host=127.0.0.1 port=\(upstream.port ?? 5432)

            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = \(port)
            unix_socket_dir =
            auth_type = trust
            auth_file = \(authFile.path)
            pool_mode = transaction
            default_pool_size = \(serverConnections)
            max_client_conn = 300
            """.write(to: config, atomically: true, encoding: .utf8)
            for file in [authFile, config] { try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path) }
            let process =
                getuid() == 0
                ? try ServiceProcess(path: "/usr/sbin/runuser", arguments: ["-u", "postgres", "--", binary, config.path])
                : try ServiceProcess(path: binary, arguments: [config.path])
            try await poll("PgBouncer to start", timeout: .seconds(20)) { process.log.contains("process up") || !process.process.isRunning }
            if process.process.isRunning { return PgBouncer(process: process, port: port, upstream: upstream, folder: folder) }
            guard process.log.contains("in use") else { Issue.record("PgBouncer did not start: \(process.log)"); break }
        }
        throw TestDatabase.Unavailable(description: "PgBouncer did not start")
    }

    /// Immediate shutdown (SIGTERM): clients are disconnected and its server connections closed.
    private func stop() async throws {
        process.signal(SIGTERM)
        #expect(try await process.waitForExit() != -1, "PgBouncer did not stop: \(process.log)")
        try? FileManager.default.removeItem(at: folder)
    }
}
