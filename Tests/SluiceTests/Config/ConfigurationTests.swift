import Common
import Foundation
import Testing

@Suite struct ConfigurationTests {
    @Test func parsesDatabaseURLWithSSLMode() throws {
        let settings = try DatabaseSettings(url: "postgres://app:s%40cret@db.internal:6543/sluice_prod?sslmode=require", schema: "sluice")
        #expect(settings.host == "db.internal")
        #expect(settings.port == 6543)
        #expect(settings.user == "app")
        #expect(settings.password == "s@cret")
        #expect(settings.database == "sluice_prod")
        #expect(settings.tls == .require)
    }

    @Test func defaultsPortAndTLS() throws {
        let settings = try DatabaseSettings(url: DatabaseSettings.defaultURL, schema: "sluice")
        #expect(settings.port == 5432)
        #expect(settings.password == nil)
        #expect(settings.tls == .prefer)
    }

    @Test(arguments: [
        ("mysql://u@h/db", "scheme"),
        ("postgres://h:5432/db", "user"),
        ("postgres://u@h:5432/", "database name"),
        ("postgres://u@h/db?sslmode=sometimes", "sslmode"),
        ("postgres://u@h/db?timeout=3", "unsupported parameter"),
        ("not a url", "DATABASE_URL"),
    ])
    func rejectsMalformedDatabaseURL(url: String, mentions: String) {
        #expect {
            try DatabaseSettings(url: url, schema: "sluice")
        } throws: { error in
            let error = error as? ConfigurationError
            return error?.variable == "DATABASE_URL" && error!.description.contains(mentions)
        }
    }

    @Test(arguments: ["", "Sluice", "1abc", "a-b", "x; DROP TABLE jobs"])
    func rejectsUnsafeSchemaNames(schema: String) {
        #expect(throws: ConfigurationError.self) { try DatabaseSettings(url: DatabaseSettings.defaultURL, schema: schema) }
    }

    @Test func readsSharedSettings() throws {
        let environment = Environment(["HTTP_PORT": "9001", "LOG_LEVEL": "DEBUG", "LOG_FORMAT": "text"])
        let settings = try ServiceSettings(environment: environment, defaultPort: 8080)
        #expect(settings.port == 9001)
        #expect(settings.host == "0.0.0.0")
        #expect(settings.log == LogSettings(level: .debug, format: .text))
        #expect(settings.database.schema == "sluice")
    }

    @Test func poolModeDecidesTheStartupSearchPathAndWhereMigrationsRun() throws {
        let direct = try ServiceSettings(environment: Environment(["SLUICE_DB_SCHEMA": "app"]), defaultPort: 8080)
        #expect(direct.database.poolMode == .session)
        #expect(direct.database.clientConfiguration.options.additionalStartupParameters.contains { $0 == ("search_path", "app") })
        #expect(direct.migrationDatabase == direct.database)

        let pooled = try ServiceSettings(
            environment: Environment([
                "SLUICE_DB_SCHEMA": "app", "SLUICE_DB_POOL_MODE": "transaction", "DATABASE_URL": "postgres://u@bouncer:6432/db",
                "SLUICE_DB_DIRECT_URL": "postgres://u@primary:5432/db",
            ]),
            defaultPort: 8080)
        #expect(pooled.database.poolMode == .transaction)
        #expect(!pooled.database.clientConfiguration.options.additionalStartupParameters.contains { $0.0 == "search_path" })
        #expect(pooled.migrationDatabase.host == "primary")
        #expect(pooled.migrationDatabase.poolMode == .session)
        #expect(pooled.migrationDatabase.schema == "app")
    }

    @Test(arguments: [
        ("HTTP_PORT", "80000"), ("HTTP_PORT", "http"), ("LOG_LEVEL", "loud"), ("LOG_FORMAT", "xml"),
        ("SLUICE_DB_SCHEMA", "Bad-Name"), ("SLUICE_DB_POOL_MODE", "statement"), ("SLUICE_DB_DIRECT_URL", "mysql://u@h/db"),
    ])
    func namesTheBadVariable(variable: String, value: String) {
        #expect {
            try ServiceSettings(environment: Environment([variable: value]), defaultPort: 8080)
        } throws: { error in
            (error as? ConfigurationError)?.variable == variable
        }
    }

    @Test func processStopsAtStartWithOneLineNamingTheVariable() async throws {
        let service = try ServiceProcess("sluice-webhooks", environment: ["DATABASE_URL": "postgres://nobody@/x", "HTTP_PORT": "0"])
        let status = try await service.waitForExit()
        #expect(status == 78)
        let lines = service.log.split(separator: "\n")
        #expect(lines == ["configuration error: DATABASE_URL has no host"])
    }

    @Test func workerSettingsAreValidated() async throws {
        let worker = try ServiceProcess("sluice-worker", environment: ["SLUICE_WORKER_CONCURRENCY": "0"])
        #expect(try await worker.waitForExit() == 78)
        #expect(worker.log.contains("SLUICE_WORKER_CONCURRENCY"))
    }
}
