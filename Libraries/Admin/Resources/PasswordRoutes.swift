import Foundation
import Hummingbird

/// Passwords for the admin UI: a super-admin sets one (`PUT /v1/users/{id}/password`) or sends an invite link
/// (`POST /v1/users/{id}/invites`) whose holder chooses it (`POST /v1/invites/accept`, no credentials needed).
/// A new password ends the user's sessions.
struct PasswordRoutes {
    let services: AdminServices

    func add(to group: RouterGroup<AdminContext>, public open: RouterGroup<AdminContext>) {
        group.put("/users/:id/password") { request, context in
            try context.require(.manageUsers)
            let id = try context.parameters.require("id", as: Int64.self)
            let password = try await JSONBody(request, context: context).requiredString("password", maxLength: 1024)
            try PasswordHasher.validate(password, field: "password")
            let hash = try await services.passwords.hash(password)
            try await services.mutation { connection in
                try await services.users.setPassword(userID: id, hash: hash, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "user.set_password", resourceType: "user", resourceID: "\(id)")
            }
            return Response(status: .noContent)
        }
        group.post("/users/:id/invites") { _, context in
            try context.require(.manageUsers)
            let id = try context.parameters.require("id", as: Int64.self)
            let invite = try await services.mutation { connection in
                let invite = try await services.invites.create(userID: id, lifetime: services.sessionSettings.inviteLifetime, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "user.invite", resourceType: "user", resourceID: "\(id)",
                                          payload: ["expires_at": invite.expiresAt])
                return invite
            }
            return JSONResponse.make(.created, [
                "user_id": id, "token": invite.token, "path": "/ui/#/invite/\(invite.token)", "expires_at": invite.expiresAt,
            ])
        }
        open.post("/invites/accept") { request, context in
            try CSRFCheck.requireSameOrigin(request)
            let body = try await JSONBody(request, context: context)
            let token = try body.requiredString("token", maxLength: 64)
            let password = try body.requiredString("password", maxLength: 1024)
            try PasswordHasher.validate(password, field: "password")
            let hash = try await services.passwords.hash(password)
            let user = try await services.mutation { connection in
                let userID = try await services.invites.redeem(token, on: connection)
                let user = try await services.users.user(userID, on: connection)
                try await services.users.setPassword(userID: userID, hash: hash, on: connection)
                var invited = context
                invited.principal = Principal(userID: user.id, keyID: nil, role: user.role, label: user.email)
                try await AuditLog.record(on: connection, context: invited, action: "user.accept_invite", resourceType: "user", resourceID: "\(userID)")
                return user
            }
            return JSONResponse.make(.ok, ["user_id": user.id, "email": user.email])
        }
    }
}
