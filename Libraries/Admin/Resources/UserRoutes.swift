import Hummingbird

/// `/v1/users`: people and roles (super-admin). Nobody can demote, deactivate or delete themselves.
struct UserRoutes {
    let services: AdminServices

    func add(to group: RouterGroup<AdminContext>) {
        group.get("/users") { _, context in
            try context.require(.read)
            let users = try await services.read { try await services.users.users(on: $0) }
            return JSONResponse.make(.ok, ["data": users.map(\.json)])
        }
        group.post("/users") { request, context in
            try context.require(.manageUsers)
            let body = try await JSONBody(request, context: context)
            let email = try body.requiredString("email", maxLength: 254)
            let role = try Self.role(body) ?? .viewer
            let user = try await services.mutation { connection in
                let user = try await services.users.createUser(email: email, role: role, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "user.create", resourceType: "user", resourceID: "\(user.id)",
                                          payload: ["email": user.email, "role": role.rawValue])
                return user
            }
            return JSONResponse.make(.created, user.json)
        }
        group.get("/users/:id") { _, context in
            try context.require(.read)
            let id = try context.parameters.require("id", as: Int64.self)
            return JSONResponse.make(.ok, try await services.read { try await services.users.user(id, on: $0) }.json)
        }
        group.patch("/users/:id") { request, context in
            let principal = try context.require(.manageUsers)
            let id = try context.parameters.require("id", as: Int64.self)
            let body = try await JSONBody(request, context: context)
            let role = try Self.role(body)
            let active = try body.bool("active")
            if id == principal.userID, role.map({ $0 < .superAdmin }) == true || active == false {
                throw Conflict("you cannot demote or deactivate yourself")
            }
            let user = try await services.mutation { connection in
                let user = try await services.users.update(id, role: role, active: active, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "user.update", resourceType: "user", resourceID: "\(id)",
                                          payload: ["role": role?.rawValue, "active": active])
                return user
            }
            return JSONResponse.make(.ok, user.json)
        }
        group.delete("/users/:id") { _, context in
            let principal = try context.require(.manageUsers)
            let id = try context.parameters.require("id", as: Int64.self)
            guard id != principal.userID else { throw Conflict("you cannot delete yourself") }
            try await services.mutation { connection in
                try await services.users.delete(id, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "user.delete", resourceType: "user", resourceID: "\(id)")
            }
            return Response(status: .noContent)
        }
    }

    static func role(_ body: JSONBody) throws -> Role? {
        guard let name = try body.string("role") else { return nil }
        guard let role = Role(rawValue: name) else { throw InvalidInput("role", "must be viewer, admin or super-admin") }
        return role
    }
}
