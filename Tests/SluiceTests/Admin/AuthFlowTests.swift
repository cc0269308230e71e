import Admin
import Foundation
import HTTPTypes
import Testing

@Suite struct AuthFlowTests {
    @Test func bootstrapCreatesTheFirstSuperAdminOnlyOnce() async throws {
        try await TestDatabase.with { db in
            let users = UserStore(logger: db.logger)
            let (user, key) = try await users.bootstrap(email: "Root@Example.com", client: db.client)
            #expect(user.role == .superAdmin)
            #expect(user.email == "root@example.com")
            #expect(APIKeyFormat.isWellFormed(key))
            let stored = try await db.scalar("SELECT encode(hash, 'hex') || prefix FROM api_keys", as: String.self)
            #expect(!stored.contains(key))
            await #expect(throws: Conflict.self) { _ = try await users.bootstrap(email: "second@example.com", client: db.client) }
        }
    }

    @Test func legacyTokenWorksUntilMigratedToAUsersKey() async throws {
        try await TestDatabase.with { db in
            let fixture = AdminFixture(db: db)
            try await fixture.withAPI { client in
                #expect(try await client.api(.get, "/v1/users", key: fixture.legacyToken).0 == .ok)
                let (status, json, _) = try await client.api(.post, "/v1/auth/migrate-legacy-token", key: fixture.legacyToken, body: #"{"email":"ops@example.com"}"#)
                #expect(status == .created)
                let key = try #require((json as? [String: Any])?["key"] as? String)
                let (after, error, _) = try await client.api(.get, "/v1/users", key: fixture.legacyToken)
                #expect(after == .unauthorized)
                #expect(((error as? [String: Any])?["error"] as? [String: Any])?["message"] as? String == AuthError.retiredLegacyToken.description)
                #expect(try await client.api(.get, "/v1/users", key: key).0 == .ok)
            }
        }
    }

    @Test func rotatingTheAdminTokenRevokesTheOldKey() async throws {
        try await TestDatabase.with { db in
            let fixture = AdminFixture(db: db)
            let old = try await fixture.key(.superAdmin)
            try await fixture.withAPI { client in
                let (status, json, _) = try await client.api(.post, "/v1/auth/rotate-admin-token", key: old)
                #expect(status == .created)
                let new = try #require((json as? [String: Any])?["key"] as? String)
                #expect(try await client.api(.get, "/v1/health", key: old).0 == .unauthorized)
                #expect(try await client.api(.get, "/v1/health", key: new).0 == .ok)
            }
        }
    }

    @Test func deactivatingAUserStopsTheirKeysAtOnceAndNobodyDemotesThemselves() async throws {
        try await TestDatabase.with { db in
            let fixture = AdminFixture(db: db)
            let root = try await fixture.key(.superAdmin)
            let staff = try await fixture.key(.admin)
            try await fixture.withAPI { client in
                #expect(try await client.api(.get, "/v1/jobs", key: staff).0 == .ok)
                let users = try #require((try await client.api(.get, "/v1/users", key: root).1 as? [String: Any])?["data"] as? [[String: Any]])
                let rootID = try #require(users.first { $0["role"] as? String == "super-admin" }?["id"] as? Int)
                let staffID = try #require(users.first { $0["role"] as? String == "admin" }?["id"] as? Int)
                #expect(try await client.api(.patch, "/v1/users/\(staffID)", key: root, body: #"{"active":false}"#).0 == .ok)
                #expect(try await client.api(.get, "/v1/jobs", key: staff).0 == .unauthorized)
                #expect(try await client.api(.patch, "/v1/users/\(rootID)", key: root, body: #"{"role":"viewer"}"#).0 == .conflict)
                #expect(try await client.api(.patch, "/v1/users/\(rootID)", key: root, body: #"{"active":false}"#).0 == .conflict)
                #expect(try await client.api(.delete, "/v1/users/\(rootID)", key: root).0 == .conflict)
                #expect(try await client.api(.get, "/v1/jobs", key: root).0 == .ok)
            }
        }
    }

    @Test func keysCanExpireAndBeRevoked() async throws {
        try await TestDatabase.with { db in
            let fixture = AdminFixture(db: db)
            let root = try await fixture.key(.superAdmin)
            try await fixture.withAPI { client in
                let future = ISO8601.format(.now + 3600)
                let (status, json, _) = try await client.api(.post, "/v1/api-keys", key: root, body: #"{"name":"ci","expires_at":"\#(future)"}"#)
                #expect(status == .created)
                let created = try #require(json as? [String: Any])
                let key = try #require(created["key"] as? String)
                #expect(created["prefix"] as? String == String(key.prefix(12)))
                #expect(try await client.api(.get, "/v1/jobs", key: key).0 == .ok)
                #expect(try await client.api(.delete, "/v1/api-keys/\(created["id"] as! Int)", key: root).0 == .ok)
                #expect(try await client.api(.get, "/v1/jobs", key: key).0 == .unauthorized)
                let past = try await client.api(.post, "/v1/api-keys", key: root, body: #"{"expires_at":"2001-01-01T00:00:00Z"}"#)
                #expect(past.0 == .badRequest)
                let overflowing = try await client.api(.post, "/v1/api-keys", key: root, body: #"{"expires_at":"2099-01-01T12:99:00Z"}"#)
                #expect(overflowing.0 == .badRequest)
                let keys = try #require((try await client.api(.get, "/v1/api-keys", key: root).1 as? [String: Any])?["data"] as? [[String: Any]])
                let own = try #require(keys.first { $0["prefix"] as? String == String(root.prefix(12)) }?["id"] as? Int)
                #expect(try await client.api(.delete, "/v1/api-keys/\(own)", key: root).0 == .conflict)
                #expect(try await client.api(.get, "/v1/jobs", key: root).0 == .ok)
                #expect(try await client.api(.get, "/v1/jobs?limit=501", key: root).0 == .badRequest)
            }
        }
    }
}
