import Crypto
import Foundation
import Hummingbird

/// `/v1/auth`: moving from the legacy `SLUICE_ADMIN_TOKEN` to a user's key, and rotating one's own key.
struct AuthRoutes {
    let services: AdminServices

    func add(to group: RouterGroup<AdminContext>) {
        group.post("/auth/migrate-legacy-token") { request, context in
            let principal = try context.require(.manageUsers)
            guard principal == .legacy else { throw Conflict("call this with the legacy admin token itself") }
            let body = try await JSONBody(request, context: context)
            let email = try body.requiredString("email", maxLength: 254)
            let token = String((request.headers[.authorization] ?? "").dropFirst("Bearer ".count))
            let (user, key) = try await services.mutation { connection in
                let user = try await services.users.createUser(email: email, role: .superAdmin, on: connection)
                let (info, key) = try await services.users.createKey(userID: user.id, name: "migrated legacy token", expiresAt: nil, on: connection)
                try await connection.query(
                    "INSERT INTO retired_tokens (hash) VALUES (\(ByteBuffer(bytes: Array(SHA256.hash(data: Data(token.utf8))))))",
                    logger: context.logger
                )
                try await AuditLog.record(on: connection, context: context, action: "auth.migrate_legacy_token", resourceType: "api_key",
                                          resourceID: "\(info.id)", payload: ["user_id": user.id, "email": user.email])
                return (user, key)
            }
            return JSONResponse.make(.created, ["user": user.json, "key": key])
        }
        group.post("/auth/rotate-admin-token") { _, context in
            let principal = try context.require(.rotateTokens)
            guard let userID = principal.userID, let oldKey = principal.keyID else {
                throw Conflict("the legacy admin token cannot be rotated: migrate it with POST /v1/auth/migrate-legacy-token")
            }
            let (info, key) = try await services.mutation { connection in
                _ = try await services.users.revokeKey(oldKey, on: connection)
                let created = try await services.users.createKey(userID: userID, name: "rotated", expiresAt: nil, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "auth.rotate_admin_token", resourceType: "api_key",
                                          resourceID: "\(created.0.id)", payload: ["revoked_key_id": oldKey])
                return created
            }
            var answer = info.json
            answer["key"] = key
            return JSONResponse.make(.created, answer)
        }
    }
}
