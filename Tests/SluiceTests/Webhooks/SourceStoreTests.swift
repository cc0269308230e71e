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
            let notAURI = SourceError.invalid(field: "target_url", reason: "must be an http or https URL (ASCII; a non-ASCII host in its xn-- form)")
            await #expect(throws: notAURI) { _ = try await fixture.routes.add(sourceName: "shop", eventTypes: ["*"], targetURL: "https://\u{CF}/in") }
            #expect(try await fixture.count("routes") == 0)
        }
    }

    @Test func publicKeysAreKeptReplacedAndClearedAndOnlyForStandard() async throws {
        try await TestDatabase.with { db in
            let fixture = WebhookFixture(db: db)
            let keys = (0..<2).map { _ in StandardWebhooksSigner.generateSigningKey().publicKey }
            _ = try await fixture.addSource { $0.publicKeys = [keys[0]] }
            #expect(try await fixture.sources.resolve("shop")?.source.publicKeys == [keys[0]])
            #expect(try await fixture.sources.update("shop", SourceChange(publicKeys: keys)).publicKeys == keys)
            #expect(try await fixture.sources.update("shop", SourceChange(enabled: true)).publicKeys == keys)
            #expect(try await fixture.sources.update("shop", SourceChange(publicKeys: [])).publicKeys == [])

            let onlyStandard = SourceError.invalid(field: "public_keys", reason: "are only for scheme standard")
            await #expect(throws: onlyStandard) { _ = try await fixture.addSource("gh") { $0.scheme = .github; $0.publicKeys = keys } }
            _ = try await fixture.addSource("gh") { $0.scheme = .github }
            let conflict = SourceError.conflict("public_keys are only for scheme standard, and source 'gh' has another scheme")
            await #expect(throws: conflict) { _ = try await fixture.sources.update("gh", SourceChange(publicKeys: keys)) }
            #expect(try await fixture.sources.get("gh").publicKeys == [])

            let badFormat = SourceError.invalid(
                field: "public_keys", reason: "must each be whpk_ followed by the base64 of a 32-byte Ed25519 public key")
            let (privateKey, _) = StandardWebhooksSigner.generateSigningKey()
            for bad in [privateKey, String(keys[0].dropFirst(5)), "whpk_c2hvcnQ="] {
                await #expect(throws: badFormat) { _ = try await fixture.sources.update("shop", SourceChange(publicKeys: [keys[0], bad])) }
            }
            let tooMany = Array(repeating: keys[0], count: NewSource.maxPublicKeys + 1)
            await #expect(throws: SourceError.invalid(field: "public_keys", reason: "must list at most 10 keys")) {
                _ = try await fixture.sources.update("shop", SourceChange(publicKeys: tooMany))
            }
            #expect(try await fixture.sources.get("shop").publicKeys == [])
        }
    }

    @Test func operatorCommandSetsAndRemovesPublicKeys() async throws {
        try await TestDatabase.with { db in
            let key = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
            let environment = ["DATABASE_URL": db.url, "SLUICE_DB_SCHEMA": db.schema, "SLUICE_SECRET_KEY": key]
            let fixture = WebhookFixture(db: db)
            let keys = (0..<2).map { _ in StandardWebhooksSigner.generateSigningKey().publicKey }
            let add = try ServiceProcess("sluice-api", arguments: ["sources", "add", "my-app", "--public-key", keys[0]], environment: environment)
            #expect(try await add.waitForExit() == 0)
            #expect(try await fixture.sources.get("my-app").publicKeys == [keys[0]])
            let update = try ServiceProcess(
                "sluice-api", arguments: ["sources", "update", "my-app", "--public-key", keys[0], "--public-key", keys[1]], environment: environment)
            #expect(try await update.waitForExit() == 0)
            #expect(update.log.contains("2 public key(s)"))
            #expect(try await fixture.sources.get("my-app").publicKeys == keys)
            let badKey = ["sources", "update", "my-app", "--public-key", "whpk_nope"]
            let bad = try ServiceProcess("sluice-api", arguments: badKey, environment: environment)
            #expect(try await bad.waitForExit() == 1)
            #expect(bad.log.contains("public_keys must each be whpk_"))
            let clear = try ServiceProcess("sluice-api", arguments: ["sources", "update", "my-app", "--no-public-keys"], environment: environment)
            #expect(try await clear.waitForExit() == 0)
            #expect(try await fixture.sources.get("my-app").publicKeys == [])
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
