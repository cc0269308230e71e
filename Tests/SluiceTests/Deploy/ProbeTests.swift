import AsyncHTTPClient
import Foundation
import Testing

/// The four binaries started with the command, environment and probes of docker-compose.yml and k8s/base: each probe
/// answers as the file expects. Only the database (the test's), the bind address (loopback) and the port (a free one,
/// after checking the files agree on it) are the test's own.
@Suite("Deployed probes")
struct ProbeTests {
    static let secretKey = Data((0..<32).map { UInt8($0) }).base64EncodedString()

    /// The deployment's environment with the test's database, loopback and a free port.
    static func environment(_ deployed: [String: String], _ db: TestDatabase) -> [String: String] {
        deployed.merging([
            "DATABASE_URL": db.url, "SLUICE_DB_SCHEMA": db.schema, "HTTP_HOST": "127.0.0.1", "HTTP_PORT": "0", "LOG_LEVEL": "info",
        ]) { $1 }.merging(deployed["SLUICE_SECRET_KEY"] == nil ? ["SLUICE_SECRET_KEY": secretKey] : [:]) { $1 }
    }

    static func start(_ command: [String], _ environment: [String: String]) async throws -> (ServiceProcess, Int) {
        let service = try ServiceProcess(command[0], arguments: Array(command.dropFirst()), environment: environment)
        return (service, try await service.listeningPort())
    }

    static func status(_ port: Int, _ path: String) async throws -> UInt {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"), timeout: .seconds(10))
        return response.status.code
    }

    @Test("compose: migrate succeeds, and each service's health check command passes")
    func composeHealthChecks() async throws {
        let deployed = try DeployedServices.load()
        try await TestDatabase.with { db in
            for name in DeployedServices.names {
                let service = try #require(deployed.compose[name])
                let migrate = try await Script.run(service.migrate[0], Array(service.migrate.dropFirst()), environment: Self.environment(service.environment, db))
                #expect(migrate.status == 0, "\(name): \(service.migrate) → \(migrate.output)")

                #expect(service.healthcheck.first == "CMD", "\(name): the image has no shell, so the check must be exec form")
                let command = Array(service.healthcheck.dropFirst())
                let composePort = try #require(service.environment["HTTP_PORT"])
                let url = try #require(command.last)
                #expect(url == "http://127.0.0.1:\(composePort)/readyz", "\(name): the check probes another port than HTTP_PORT")

                let (process, port) = try await Self.start(service.command, Self.environment(service.environment, db))
                let arguments = command.dropFirst().map { $0.replacingOccurrences(of: ":\(composePort)/", with: ":\(port)/") }
                let check = try await Script.run(command[0], arguments)
                #expect(check.status == 0, "\(name): \(command) → \(check.output)\n\(process.log)")
            }
        }
    }

    @Test("k8s: the init container migrates, ports agree, and every probe answers success")
    func kubernetesProbes() async throws {
        let deployed = try DeployedServices.load()
        try await TestDatabase.with { db in
            for name in DeployedServices.names {
                let service = try #require(deployed.kubernetes[name])
                let environment = Self.environment(service.environment, db)
                for command in service.initContainers {
                    let run = try await Script.run(command[0], Array(command.dropFirst()), environment: environment)
                    #expect(run.status == 0, "\(name): init \(command) → \(run.output)")
                }
                #expect(service.environment["HTTP_PORT"] == String(service.containerPort), "\(name): HTTP_PORT is not the containerPort")
                #expect(service.probes["livenessProbe"]?.path == "/healthz", "\(name)")
                #expect(service.probes["readinessProbe"]?.path == "/readyz", "\(name)")

                let (process, port) = try await Self.start(service.command, environment)
                for (kind, probe) in service.probes.sorted(by: { $0.key < $1.key }) {
                    #expect(probe.port == service.containerPort, "\(name): \(kind) probes another port")
                    // Kubernetes counts 200-399 as success.
                    let code = try await Self.status(port, probe.path)
                    #expect((200..<400).contains(code), "\(name): \(kind) \(probe.path) answered \(code)\n\(process.log)")
                }
            }
        }
    }

    @Test("k8s: without a database, liveness stays up and readiness fails, also through sluice-api probe")
    func probesWithoutDatabase() async throws {
        let deployed = try DeployedServices.load()
        let service = try #require(deployed.kubernetes["api"])
        try await TestDatabase.with { db in
            // Port 1 on loopback: nothing listens, connections are refused at once.
            let environment = Self.environment(service.environment, db).merging(["DATABASE_URL": "postgres://sluice@127.0.0.1:1/sluice?sslmode=disable"]) { $1 }
            let (process, port) = try await Self.start(service.command, environment)
            let liveness = try #require(service.probes["livenessProbe"])
            let readiness = try #require(service.probes["readinessProbe"])
            #expect(try await Self.status(port, liveness.path) == 200, "\(process.log)")
            #expect(try await Self.status(port, readiness.path) == 503)
            let probe = try await Script.run("sluice-api", ["probe", "http://127.0.0.1:\(port)\(readiness.path)"])
            #expect(probe.status == 1)
            #expect(probe.output.contains("HTTP 503"))
        }
    }
}
