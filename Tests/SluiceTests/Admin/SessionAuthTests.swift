import Admin
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Password sign-in and the session cookie against a live admin API and a real database: cookie attributes,
/// the same principal as an API key, CSRF defence, expiry, revocation, invites, and the rate limit with its audit.
@Suite struct SessionAuthTests {
    static let password = "correct horse battery staple"

    /// A user with `role`, a key of theirs, and `password` set through the API by a super-admin.
    struct Person {
        let id: Int64
        let email: String
        let key: String
    }

    static func person(_ role: Role, _ fixture: AdminFixture, client: any TestClientProtocol) async throws -> Person {
        let users = fixture.users
        let (user, key) = try await fixture.db.client.transaction(logger: fixture.db.logger) { connection in
            let user = try await users.createUser(email: "\(role.rawValue)-\(UUID().uuidString.prefix(6))@example.com", role: role, on: connection)
            return (user, try await users.createKey(userID: user.id, name: "test", expiresAt: nil, on: connection).1)
        }
        let admin = try await fixture.key(.superAdmin)
        let (status, _, _) = try await client.api(.put, "/v1/users/\(user.id)/password", key: admin, body: #"{"password":"\#(password)"}"#)
        #expect(status == .noContent)
        return Person(id: user.id, email: user.email, key: key)
    }

    /// A request with any headers: status, JSON body, headers.
    static func call(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], body: String? = nil)
        async throws -> (HTTPResponse.Status, [String: Any], HTTPFields)
    {
        var all = headers
        all[.contentType] = "application/json"
        return try await client.execute(uri: uri, method: method, headers: all, body: body.map { ByteBuffer(string: $0) }) { response in
            let json = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
            return (response.status, json, response.headers)
        }
    }

    /// Signs in; answers the session token from `Set-Cookie`, the whole cookie line and the CSRF token.
    static func signIn(_ client: any TestClientProtocol, _ email: String, headers: HTTPFields = [:]) async throws -> (token: String, cookie: String, csrf: String) {
        let (status, json, answer) = try await call(client, .post, "/v1/session", headers: headers, body: #"{"email":"\#(email)","password":"\#(password)"}"#)
        #expect(status == .created, "\(json)")
        let cookie = try #require(answer[values: .setCookie].first { $0.hasPrefix("sluice_session=") })
        let token = String(cookie.dropFirst("sluice_session=".count).prefix { $0 != ";" })
        return (token, cookie, try #require(json["csrf_token"] as? String))
    }

    static func cookie(_ token: String, csrf: String? = nil) -> HTTPFields {
        var headers: HTTPFields = [.cookie: "sluice_session=\(token)"]
        if let csrf { headers[HTTPField.Name("X-CSRF-Token")!] = csrf }
        return headers
    }

    static func errorCode(_ json: [String: Any]) -> String? { (json["error"] as? [String: Any])?["code"] as? String }

    @Test func signInGivesAStrictHttpOnlyCookieThatActsAsTheUsersKeyDoes() async throws {
        try await TestDatabase.with { db in
            let fixture = AdminFixture(db: db)
            try await fixture.withAPI { client in
                let admin = try await Self.person(.admin, fixture, client: client)
                let (token, cookie, csrf) = try await Self.signIn(client, admin.email.uppercased())
                let attributes = Set(cookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
                #expect(attributes.isSuperset(of: ["httponly", "samesite=strict", "path=/"]), "\(cookie)")
                #expect(!attributes.contains("secure"))
                #expect(try await db.scalar("SELECT count(*) FROM ui_sessions WHERE token_hash = sha256(convert_to(\(token), 'UTF8'))", as: Int.self) == 1)

                let (_, viaCookie, _) = try await Self.call(client, .get, "/v1/me", headers: Self.cookie(token))
                let (_, viaKey, _) = try await client.api(.get, "/v1/me", key: admin.key)
                let keyAnswer = try #require(viaKey as? [String: Any])
                #expect(viaCookie["user_id"] as? Int64 == admin.id && keyAnswer["user_id"] as? Int64 == admin.id)
                #expect(viaCookie["role"] as? String == "admin" && keyAnswer["role"] as? String == "admin")
                #expect(viaCookie["permissions"] as? [String] == keyAnswer["permissions"] as? [String])
                #expect(viaCookie["via"] as? String == "session" && keyAnswer["via"] as? String == "api_key")
                #expect(viaCookie["csrf_token"] as? String == csrf)

                let job = #"{"kind":"noop"}"#
                #expect(try await Self.call(client, .post, "/v1/jobs", headers: Self.cookie(token, csrf: csrf), body: job).0 == .created)
                let (bare, bareJSON, _) = try await Self.call(client, .post, "/v1/jobs", headers: Self.cookie(token), body: job)
                #expect(bare == .forbidden && Self.errorCode(bareJSON) == "csrf_refused")
                for (name, value) in [("Origin", "http://evil.example"), ("Sec-Fetch-Site", "cross-site"), ("X-CSRF-Token", "forged")] {
                    var headers = Self.cookie(token, csrf: csrf)
                    headers[HTTPField.Name(name)!] = value
                    let (status, json, _) = try await Self.call(client, .post, "/v1/jobs", headers: headers, body: job)
                    #expect(status == .forbidden && Self.errorCode(json) == "csrf_refused", "\(name): \(value)")
                }
                var crossSite: HTTPFields = [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"]
                crossSite[.contentType] = "application/json"
                #expect(try await Self.call(client, .post, "/v1/session", headers: crossSite, body: #"{"email":"\#(admin.email)","password":"\#(Self.password)"}"#).0 == .forbidden)
                #expect(try await db.scalar("SELECT count(*) FROM jobs WHERE kind = 'noop'", as: Int.self) == 1)

                let secure = try await Self.signIn(client, admin.email, headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"])
                #expect(secure.cookie.lowercased().contains("; secure"), "\(secure.cookie)")
            }
        }
    }

    @Test func signOutDeactivationAndPasswordChangeEndSessionsAtOnce() async throws {
        try await TestDatabase.with { db in
            let fixture = AdminFixture(db: db)
            try await fixture.withAPI { client in
                let viewer = try await Self.person(.viewer, fixture, client: client)
                let first = try await Self.signIn(client, viewer.email)
                let (out, _, outHeaders) = try await Self.call(client, .delete, "/v1/session", headers: Self.cookie(first.token, csrf: first.csrf))
                #expect(out == .noContent)
                #expect(outHeaders[values: .setCookie].contains { $0.hasPrefix("sluice_session=;") && $0.contains("Max-Age=0") })
                let (after, afterJSON, _) = try await Self.call(client, .get, "/v1/me", headers: Self.cookie(first.token))
                #expect(after == .unauthorized && afterJSON.description.contains("ended"))

                let second = try await Self.signIn(client, viewer.email)
                let third = try await Self.signIn(client, viewer.email)
                let change = #"{"current_password":"\#(Self.password)","password":"a brand new passphrase"}"#
                #expect(try await Self.call(client, .post, "/v1/me/password", headers: Self.cookie(second.token, csrf: second.csrf), body: change).0 == .noContent)
                #expect(try await Self.call(client, .get, "/v1/me", headers: Self.cookie(second.token)).0 == .unauthorized)
                #expect(try await Self.call(client, .get, "/v1/me", headers: Self.cookie(third.token)).0 == .unauthorized)
                #expect(try await client.api(.get, "/v1/me", key: viewer.key).0 == .ok, "API keys survive a password change")
                let (old, _, _) = try await Self.call(client, .post, "/v1/session", body: #"{"email":"\#(viewer.email)","password":"\#(Self.password)"}"#)
                #expect(old == .unauthorized)

                let admin = try await fixture.key(.superAdmin)
                #expect(try await client.api(.put, "/v1/users/\(viewer.id)/password", key: admin, body: #"{"password":"\#(Self.password)"}"#).0 == .noContent)
                let fourth = try await Self.signIn(client, viewer.email)
                #expect(try await client.api(.patch, "/v1/users/\(viewer.id)", key: admin, body: #"{"active":false}"#).0 == .ok)
                #expect(try await Self.call(client, .get, "/v1/me", headers: Self.cookie(fourth.token)).0 == .unauthorized)
                #expect(try await db.scalar("SELECT count(*) FROM ui_sessions WHERE user_id = \(viewer.id)", as: Int.self) == 0)
                #expect(try await client.api(.patch, "/v1/users/\(viewer.id)", key: admin, body: #"{"active":true}"#).0 == .ok)
                #expect(try await Self.call(client, .get, "/v1/me", headers: Self.cookie(fourth.token)).0 == .unauthorized, "reactivation revives nothing")
            }
        }
    }

    @Test(arguments: ["idle", "absolute"])
    func sessionsExpire(limit: String) async throws {
        try await TestDatabase.with { db in
            let fixture = AdminFixture(db: db)
            var sessions = SessionSettings.testing
            if limit == "idle" { sessions.idleTimeout = .seconds(1) } else { sessions.maxAge = .seconds(1) }
            try await fixture.withAPI(sessions: sessions) { client in
                let user = try await Self.person(.viewer, fixture, client: client)
                let session = try await Self.signIn(client, user.email)
                try await poll("the \(limit) limit to end the session", timeout: .seconds(10)) {
                    let (status, json, _) = try await Self.call(client, .get, "/v1/me", headers: Self.cookie(session.token))
                    return status == .unauthorized && json.description.contains("expired")
                }
            }
        }
    }

    @Test func failedSignInsAreRateLimitedPerAccountAndAddressAndAuditedWithoutThePassword() async throws {
        try await TestDatabase.with { db in
            let fixture = AdminFixture(db: db)
            var sessions = SessionSettings.testing
            sessions.failuresPerAccount = 3
            sessions.failuresPerAddress = 5
            try await fixture.withAPI(sessions: sessions) { client in
                let user = try await Self.person(.admin, fixture, client: client)
                let wrong = "wrong-password-\(UUID().uuidString)"
                let (unknown, unknownJSON, _) = try await Self.call(client, .post, "/v1/session", body: #"{"email":"nobody@example.com","password":"\#(wrong)"}"#)
                for _ in 0..<3 {
                    let (status, json, _) = try await Self.call(client, .post, "/v1/session", body: #"{"email":"\#(user.email)","password":"\#(wrong)"}"#)
                    #expect(status == .unauthorized)
                    #expect((json["error"] as? [String: Any])?["message"] as? String == (unknownJSON["error"] as? [String: Any])?["message"] as? String)
                }
                #expect(unknown == .unauthorized)
                let (limited, _, headers) = try await Self.call(client, .post, "/v1/session", body: #"{"email":"\#(user.email)","password":"\#(Self.password)"}"#)
                #expect(limited == .tooManyRequests, "the right password does not get past the limit")
                #expect(headers[HTTPField.Name("Retry-After")!] != nil)
                // The address has 4 failures; one more from any account reaches its limit of 5.
                _ = try await Self.call(client, .post, "/v1/session", body: #"{"email":"other@example.com","password":"\#(wrong)"}"#)
                #expect(try await Self.call(client, .post, "/v1/session", body: #"{"email":"third@example.com","password":"\#(wrong)"}"#).0 == .tooManyRequests)

                let reasons = try await db.client.query(
                    "SELECT payload->>'reason' FROM audit_log WHERE action = 'session.sign_in_failed' ORDER BY id", logger: db.logger
                ).collect().map { try $0.decode(String.self) }
                #expect(reasons == ["unknown_email", "wrong_password", "wrong_password", "wrong_password", "rate_limited", "unknown_email", "rate_limited"])
                #expect(try await db.scalar("SELECT count(*) FROM audit_log WHERE payload::text LIKE '%' || \(wrong) || '%' OR payload::text LIKE '%horse%'", as: Int.self) == 0)
            }
        }
    }

    @Test func anInviteLinkSetsThePasswordOnce() async throws {
        try await TestDatabase.with { db in
            let fixture = AdminFixture(db: db)
            try await fixture.withAPI { client in
                let admin = try await fixture.key(.superAdmin)
                let (_, created, _) = try await client.api(.post, "/v1/users", key: admin, body: #"{"email":"new@example.com","role":"viewer"}"#)
                let id = try #require((created as? [String: Any])?["id"] as? Int64)
                let (status, invite, _) = try await client.api(.post, "/v1/users/\(id)/invites", key: admin)
                #expect(status == .created)
                let token = try #require((invite as? [String: Any])?["token"] as? String)
                #expect((invite as? [String: Any])?["path"] as? String == "/ui/#/invite/\(token)")
                let accept = #"{"token":"\#(token)","password":"\#(Self.password)"}"#
                let (accepted, answer, _) = try await Self.call(client, .post, "/v1/invites/accept", body: accept)
                #expect(accepted == .ok && answer["email"] as? String == "new@example.com")
                _ = try await Self.signIn(client, "new@example.com")
                #expect(try await Self.call(client, .post, "/v1/invites/accept", body: accept).0 == .unauthorized, "an invite works once")
                let unknown = #"{"token":"\#(String(repeating: "A", count: 43))","password":"\#(Self.password)"}"#
                #expect(try await Self.call(client, .post, "/v1/invites/accept", body: unknown).0 == .unauthorized)
                #expect(try await db.scalar("SELECT count(*) FROM user_invites WHERE token_hash = sha256(convert_to(\(token), 'UTF8'))", as: Int.self) == 1)
                #expect(try await Self.call(client, .post, "/v1/invites/accept", body: #"{"token":"x","password":"short"}"#).0 == .badRequest)
            }
        }
    }
}
