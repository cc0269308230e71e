import Admin
import Common
import Crypto
import Foundation
import HTTPTypes
import Logging
import PostgresNIO
import Testing
import Webhooks

/// Every admin route × every kind of caller, against a live server and a real database.
@Suite struct RBACMatrixTests {
    /// What each route requires. A route missing here fails `everyRouteIsClassified`.
    static let required: [String: Permission] = [
        "GET /v1/jobs": .read, "POST /v1/jobs": .write, "POST /v1/jobs/batch": .write, "GET /v1/jobs/stats": .read,
        "GET /v1/jobs/{id}": .read, "POST /v1/jobs/{id}/retry": .write, "POST /v1/jobs/{id}/cancel": .write,
        "POST /v1/jobs/bulk": .write, "POST /v1/dlq/bulk": .write,
        "GET /v1/periodic-jobs": .read, "POST /v1/periodic-jobs": .write, "GET /v1/periodic-jobs/{name}": .read,
        "PATCH /v1/periodic-jobs/{name}": .write, "DELETE /v1/periodic-jobs/{name}": .write,
        "POST /v1/periodic-jobs/{name}/enable": .write, "POST /v1/periodic-jobs/{name}/disable": .write,
        "GET /v1/dlq": .read, "GET /v1/dlq/{id}": .read, "POST /v1/dlq/{id}/requeue": .write, "DELETE /v1/dlq/{id}": .write,
        "GET /v1/sources": .read, "POST /v1/sources": .write, "GET /v1/sources/{name}": .read, "PATCH /v1/sources/{name}": .write,
        "DELETE /v1/sources/{name}": .write, "POST /v1/sources/{name}/rotate-secret": .write,
        "GET /v1/routes": .read, "POST /v1/routes": .write, "GET /v1/routes/{id}": .read, "PATCH /v1/routes/{id}": .write,
        "DELETE /v1/routes/{id}": .write,
        "GET /v1/events": .read, "GET /v1/events/{id}": .read, "POST /v1/events/{id}/replay": .write,
        "GET /v1/users": .read, "POST /v1/users": .manageUsers, "GET /v1/users/{id}": .read, "PATCH /v1/users/{id}": .manageUsers,
        "DELETE /v1/users/{id}": .manageUsers,
        "GET /v1/api-keys": .read, "POST /v1/api-keys": .manageUsers, "DELETE /v1/api-keys/{id}": .manageUsers,
        "POST /v1/auth/migrate-legacy-token": .manageUsers, "POST /v1/auth/rotate-admin-token": .rotateTokens,
        "GET /v1/audit": .read, "GET /v1/audit.csv": .read, "GET /v1/health": .read,
        "GET /v1/apps": .read, "POST /v1/apps": .write, "GET /v1/apps/{app}": .read, "PATCH /v1/apps/{app}": .write, "DELETE /v1/apps/{app}": .write,
        "GET /v1/apps/{app}/endpoints": .read, "POST /v1/apps/{app}/endpoints": .write, "GET /v1/apps/{app}/endpoints/{id}": .read,
        "PATCH /v1/apps/{app}/endpoints/{id}": .write, "DELETE /v1/apps/{app}/endpoints/{id}": .write,
        "POST /v1/apps/{app}/endpoints/{id}/enable": .write, "GET /v1/apps/{app}/endpoints/{id}/secret": .write,
        "POST /v1/apps/{app}/endpoints/{id}/secret/rotate": .write, "POST /v1/apps/{app}/endpoints/{id}/recover": .write,
        "GET /v1/apps/{app}/endpoints/{id}/stats": .read,
        "GET /v1/apps/{app}/messages": .read, "POST /v1/apps/{app}/messages": .write, "GET /v1/apps/{app}/messages/{id}": .read,
        "POST /v1/apps/{app}/messages/{id}/resend": .write,
        "DELETE /v1/session": .read, "GET /v1/me": .read, "POST /v1/me/password": .read, "PUT /v1/users/{id}/password": .manageUsers,
        "POST /v1/users/{id}/invites": .manageUsers,
        "GET /v1/queues": .read, "POST /v1/queues/{queue}/pause": .write, "POST /v1/queues/{queue}/resume": .write,
        "PUT /v1/queues/{queue}/limit": .write, "DELETE /v1/queues/{queue}/limit": .write, "GET /v1/jobs/{id}/logs": .read,
    ]

    /// Routes that take no credentials: every caller gets an answer of the route itself, never 401 or 403.
    static let open: Set<String> = ["POST /v1/session", "POST /v1/invites/accept"]

    enum Caller: String, CaseIterable {
        case none, malformed, unknown, revoked, expired, deactivated, viewer, admin, superAdmin, legacy
    }

    static func routes() -> [String] {
        let client = PostgresClient(settings: try! DatabaseSettings(url: DatabaseSettings.defaultURL, schema: "sluice"), logger: Logger(label: "test"))
        return adminRouteDescriptions(client: client, box: SecretBox(key: SymmetricKey(size: .bits256)), logger: Logger(label: "test")).sorted()
    }

    @Test func everyRouteIsClassified() {
        let routes = Set(Self.routes())
        let classified = Set(Self.required.keys).union(Self.open)
        #expect(routes.subtracting(classified).isEmpty, "routes without an expected permission")
        #expect(classified.subtracting(routes).isEmpty, "expected routes the router lacks")
    }

    @Test(arguments: Caller.allCases)
    func everyRouteAnswersThisCallerAsItsRoleAllows(caller: Caller) async throws {
        try await TestDatabase.with { db in
            let fixture = AdminFixture(db: db)
            try await fixture.withAPI { client in
                for route in Self.routes() {
                    let key = try await Self.key(for: caller, fixture)
                    let parts = route.split(separator: " ", maxSplits: 1)
                    let path = String(parts[1]).replacingOccurrences(of: "{id}", with: "999999").replacingOccurrences(of: "{name}", with: "nope")
                        .replacingOccurrences(of: "{app}", with: "nope").replacingOccurrences(of: "{queue}", with: "nope")
                    let (status, json, _) = try await client.api(HTTPRequest.Method(String(parts[0]))!, path, key: key, body: "{}")
                    let expected = Self.open.contains(route) ? .ok : Self.expectation(caller, Self.required[route] ?? .manageUsers)
                    switch expected {
                    case .unauthorized, .forbidden:
                        #expect(status == expected, "\(caller) \(route)")
                        let error = (json as? [String: Any])?["error"] as? [String: Any]
                        #expect(error?["code"] as? String == (expected == .unauthorized ? "unauthorized" : "forbidden"), "\(caller) \(route)")
                    default:
                        #expect(status != .unauthorized && status != .forbidden && status.code < 500, "\(caller) \(route) answered \(status)")
                    }
                }
            }
        }
    }

    static func expectation(_ caller: Caller, _ permission: Permission) -> HTTPResponse.Status {
        let role: Role
        switch caller {
        case .none, .malformed, .unknown, .revoked, .expired, .deactivated: return .unauthorized
        case .viewer: role = .viewer
        case .admin: role = .admin
        case .superAdmin, .legacy: role = .superAdmin
        }
        return role.allows(permission) ? .ok : .forbidden
    }

    /// A fresh key per request, so a route that revokes its caller's key (rotation) cannot spoil the next one.
    static func key(for caller: Caller, _ fixture: AdminFixture) async throws -> String? {
        switch caller {
        case .none: nil
        case .malformed: "sk_live_short"
        case .unknown: APIKeyFormat.generate()
        case .revoked: try await fixture.key(.admin, .revoked)
        case .expired: try await fixture.key(.admin, .expired)
        case .deactivated: try await fixture.key(.admin, .deactivated)
        case .viewer: try await fixture.key(.viewer)
        case .admin: try await fixture.key(.admin)
        case .superAdmin: try await fixture.key(.superAdmin)
        case .legacy: fixture.legacyToken
        }
    }
}
