import Admin
import Common
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresNIO
import Webhooks

/// A live admin API on a test schema, with helpers to mint users and keys in any condition.
struct AdminFixture: Sendable {
    let db: TestDatabase
    let box = SecretBox(key: SymmetricKey(size: .bits256))
    let legacyToken = "legacy-" + UUID().uuidString
    var users: UserStore { UserStore(logger: db.logger) }

    /// A key of a new user with `role`; `condition` makes it revoked, expired or its user deactivated.
    func key(_ role: Role, _ condition: KeyCondition = .valid) async throws -> String {
        try await db.client.transaction(logger: db.logger) { connection in
            let user = try await users.createUser(email: "\(UUID().uuidString.prefix(8))@example.com", role: role, on: connection)
            let expires: Date? = condition == .expired ? .now - 60 : nil
            let (info, key) = try await users.createKey(userID: user.id, name: "test", expiresAt: expires, on: connection)
            switch condition {
            case .revoked: _ = try await users.revokeKey(info.id, on: connection)
            case .deactivated: _ = try await users.update(user.id, role: nil, active: false, on: connection)
            case .valid, .expired: break
            }
            return key
        }
    }

    enum KeyCondition: Sendable {
        case valid, revoked, expired, deactivated
    }

    /// A live admin API; `sessions` sets the password sign-in (tests pass a low bcrypt cost).
    func withAPI(sessions: SessionSettings = .testing, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let client = PostgresClient(settings: db.settings, maximumConnections: 8, logger: db.logger)
        var settings = try ServiceSettings(environment: Environment(["HTTP_HOST": "127.0.0.1", "HTTP_PORT": "0"]), defaultPort: 0)
        settings.database = db.settings
        let app = buildAdminApplication(settings: settings, box: box, legacyToken: legacyToken, client: client, sessions: sessions, logger: db.logger)
        try await app.test(.live) { client in try await body(client) }
    }

    static func bearer(_ key: String?) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if let key { headers[.authorization] = "Bearer \(key)" }
        return headers
    }
}

extension SessionSettings {
    /// Defaults, with bcrypt at its lowest cost so tests stay quick.
    static var testing: SessionSettings {
        var settings = SessionSettings()
        settings.bcryptCost = 4
        return settings
    }
}

extension TestClientProtocol {
    /// Calls the API and answers the status, the JSON body (if any) and the headers.
    func api(_ method: HTTPRequest.Method, _ uri: String, key: String?, body: String? = nil) async throws -> (HTTPResponse.Status, Any?, HTTPFields) {
        try await execute(uri: uri, method: method, headers: AdminFixture.bearer(key), body: body.map { ByteBuffer(string: $0) }) { response in
            let json = try? JSONSerialization.jsonObject(with: Data(buffer: response.body), options: [.fragmentsAllowed])
            return (response.status, json, response.headers)
        }
    }
}
