import Common
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresNIO
import Testing

@Suite struct HealthTests {
    @Test func healthReadinessAndMetricsAnswerWithTheDatabaseUp() async throws {
        try await TestDatabase.with { db in
            let settings = try ServiceSettings(
                environment: Environment(["HTTP_PORT": "0", "DATABASE_URL": db.url, "SLUICE_DB_SCHEMA": db.schema]), defaultPort: 0)
            // The application runs its own client, as a service does (its schema check then passes).
            let client = PostgresClient(settings: db.settings, maximumConnections: 2, logger: db.logger)
            let app = buildServiceApplication(name: "test", settings: settings, client: client, logger: db.logger)
            try await app.test(.router) { client in
                try await client.execute(uri: "/healthz", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[HTTPField.Name("X-Request-Id")!] != nil)
                }
                try await client.execute(uri: "/readyz", method: .get) { response in
                    #expect(response.status == .ok)
                }
                try await client.execute(uri: "/metrics", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                }
            }
        }
    }

    @Test func readinessIs503WhileTheDatabaseIsUnreachable() async throws {
        let logger = TestDatabase.makeLogger()
        let unreachable = try DatabaseSettings(url: "postgres://nobody@127.0.0.1:1/none?sslmode=disable", schema: "sluice")
        let client = PostgresClient(settings: unreachable, logger: logger)
        let settings = try ServiceSettings(environment: Environment([:]), defaultPort: 0)
        let app = buildServiceApplication(name: "test", settings: settings, client: client, logger: logger)
        try await app.test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get, headers: [HTTPField.Name("X-Request-Id")!: "probe-1"]) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "1")
                let envelope = try JSONDecoder().decode(ErrorEnvelope.self, from: Data(buffer: response.body))
                #expect(envelope == ErrorEnvelope(code: "database_unavailable", message: "the database is unreachable; retry later", requestID: "probe-1"))
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func unknownRoutesAndWrongMethodsUseTheErrorEnvelope() async throws {
        let logger = TestDatabase.makeLogger()
        let client = PostgresClient(settings: try DatabaseSettings(url: DatabaseSettings.defaultURL, schema: "sluice"), logger: logger)
        let settings = try ServiceSettings(environment: Environment([:]), defaultPort: 0)
        let app = buildServiceApplication(name: "test", settings: settings, client: client, logger: logger)
        try await app.test(.router) { client in
            for (uri, method, status) in [("/nope", HTTPRequest.Method.get, HTTPResponse.Status.notFound), ("/healthz", .post, .methodNotAllowed)] {
                try await client.execute(uri: uri, method: method) { response in
                    #expect(response.status == status)
                    #expect(status != .methodNotAllowed || response.headers[.allow] == "GET")
                    let envelope = try JSONDecoder().decode(ErrorEnvelope.self, from: Data(buffer: response.body))
                    #expect(!envelope.error.requestID.isEmpty)
                    #expect(envelope.error.requestID == response.headers[HTTPField.Name("X-Request-Id")!])
                }
            }
        }
    }
}
