import Foundation
import Hummingbird

/// `/v1/api-keys`: everyone lists their own keys; super-admins list all, create keys (for themselves or a
/// given user) and revoke them (any but the calling key). A new key is shown once.
struct KeyRoutes {
    let services: AdminServices

    func add(to group: RouterGroup<AdminContext>) {
        group.get("/api-keys") { _, context in
            let principal = try context.require(.read)
            let owner = principal.role.allows(.manageUsers) ? nil : principal.userID ?? -1
            let keys = try await services.read { try await services.users.keys(userID: owner, on: $0) }
            return JSONResponse.make(.ok, ["data": keys.map(\.json)])
        }
        group.post("/api-keys") { request, context in
            let principal = try context.require(.manageUsers)
            let body = try await JSONBody(request, context: context)
            let name = try body.string("name", maxLength: 100) ?? "api key"
            let expiresAt = try body.date("expires_at")
            if let expiresAt, expiresAt <= .now { throw InvalidInput("expires_at", "must be in the future") }
            guard let userID = try body.int("user_id", in: 1...Int(Int64.max)).map(Int64.init) ?? principal.userID else {
                throw InvalidInput("user_id", "is required when calling with the legacy admin token")
            }
            let (info, key) = try await services.mutation { connection in
                _ = try await services.users.user(userID, on: connection)
                let created = try await services.users.createKey(userID: userID, name: name, expiresAt: expiresAt, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "api_key.create", resourceType: "api_key",
                                          resourceID: "\(created.0.id)", payload: ["user_id": userID, "name": name, "expires_at": expiresAt])
                return created
            }
            var answer = info.json
            answer["key"] = key
            return JSONResponse.make(.created, answer)
        }
        group.delete("/api-keys/:id") { _, context in
            let principal = try context.require(.manageUsers)
            let id = try context.parameters.require("id", as: Int64.self)
            // Like deleting oneself: the caller would lock themselves out; rotating replaces the key instead.
            guard id != principal.keyID else { throw Conflict("you cannot revoke the key you are calling with; rotate it with POST /v1/auth/rotate-admin-token") }
            let key = try await services.mutation { connection in
                let key = try await services.users.revokeKey(id, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "api_key.revoke", resourceType: "api_key", resourceID: "\(id)")
                return key
            }
            return JSONResponse.make(.ok, key.json)
        }
    }
}
