import Common
import Crypto
import Foundation
import HTTPTypes
import Testing
import Webhooks

@Suite struct SourceStoreTests {
    @Test func secretsAreEncryptedAtRestAndDecryptOnlyWithTheKey() async throws {
        try await TestDatabase.with { db in
            let fixture = WebhookFixture(db: db)
            let secret = try await fixture.addSource()
            let stored = try await db.scalar("SELECT encode(ciphertext, 'escape') FROM source_secrets", as: String.self)
            #expect(!stored.contains(secret))
            #expect(try await fixture.sources.resolve("shop")?.secrets == [secret])
            let otherKey = SourceStore(client: db.client, schema: db.schema, box: SecretBox(key: SymmetricKey(size: .bits256)), logger: db.logger)
            let error = await #expect(throws: SecretBoxError.cannotOpen) { _ = try await otherKey.resolve("shop") }
            #expect(error.map { "\($0)" }?.contains("SLUICE_SECRET_KEY") == true)
        }
    }

    @Test(arguments: [("", "is required"), ("c2hvcnQ=", "exactly 32 bytes"), ("not base64!", "exactly 32 bytes")])
    func secretKeyIsValidated(value: String, mentions: String) {
        #expect {
            try SecretBox(environment: Environment(value.isEmpty ? [:] : ["SLUICE_SECRET_KEY": value]))
        } throws: { error in
            let error = error as? ConfigurationError
            return error?.variable == "SLUICE_SECRET_KEY" && error!.reason.contains(mentions)
        }
    }

    @Test func invalidSourcesAreRefusedNamingTheField() async throws {
        try await TestDatabase.with { db in
            let fixture = WebhookFixture(db: db)
            await #expect(throws: SourceError.invalid(field: "name", reason: "must be 1-64 characters of a-z, 0-9, '-' and '_', starting with a letter or digit")) {
                _ = try await fixture.addSource("Bad Name")
            }
            await #expect(throws: SourceError.invalid(field: "hmac_header", reason: "is required for scheme hmac-sha256")) {
                _ = try await fixture.addSource("generic") { $0.scheme = .hmacSHA256 }
            }
            _ = try await fixture.addSource()
            await #expect(throws: SourceError.alreadyExists(name: "shop")) { _ = try await fixture.addSource() }
            #expect(try await fixture.count("sources") == 1)
        }
    }

    @Test func receiverLearnsOfChangesWithoutWaitingForItsCache() async throws {
        try await TestDatabase.with { db in
            let fixture = WebhookFixture(db: db)
            let secret = try await fixture.addSource()
            let body = #"{"type":"ping"}"#
            try await fixture.withReceiver { client in
                #expect(try await client.hook("shop", body, headers: try WebhookFixture.signed(body, secret: secret)).0 == .accepted)
                try await fixture.sources.setEnabled("shop", false)
                // The cache keeps entries for 5 s; NOTIFY must make the change visible well before that.
                try await poll("the disabled source to answer 404", timeout: .seconds(4)) {
                    try await client.hook("shop", body, headers: try WebhookFixture.signed(body, secret: secret)).0 == .notFound
                }
            }
        }
    }

    @Test func routeFiltersMatchExactNamesPrefixesAndEverything() {
        let filter = RouteFilter(["order.*", "refund.created"])
        #expect(filter.matches("order.created"))
        #expect(filter.matches("order.paid.late"))
        #expect(filter.matches("refund.created"))
        #expect(!filter.matches("refund.updated"))
        #expect(!filter.matches("orders.created"))
        #expect(!filter.matches(nil))
        #expect(RouteFilter(["*"]).matches(nil))
    }

    @Test func operatorCommandAddsASourceAndPrintsItsSecretOnce() async throws {
        try await TestDatabase.with { db in
            let key = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
            let environment = ["DATABASE_URL": db.url, "SLUICE_DB_SCHEMA": db.schema, "SLUICE_SECRET_KEY": key]
            let add = try ServiceProcess("sluice-api", arguments: ["sources", "add", "github-main", "--scheme", "github"], environment: environment)
            #expect(try await add.waitForExit() == 0)
            let secret = try #require(add.log.split(separator: "\n").first { $0.hasPrefix("secret (shown once): ") }?.dropFirst(21))
            let list = try ServiceProcess("sluice-api", arguments: ["sources", "list"], environment: environment)
            #expect(try await list.waitForExit() == 0)
            #expect(list.log.contains("github-main\tgithub\tenabled"))
            #expect(!list.log.contains(secret))
            let again = try ServiceProcess("sluice-api", arguments: ["sources", "add", "github-main"], environment: environment)
            #expect(try await again.waitForExit() == 1)
            #expect(again.log.contains("already exists"))
        }
    }
}
