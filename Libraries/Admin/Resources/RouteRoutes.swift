import Hummingbird
import Webhooks

/// `/v1/routes`: where inbound events go. The signing secret is shown once, on create.
struct RouteRoutes {
    let services: AdminServices

    func add(to group: RouterGroup<AdminContext>) {
        group.get("/routes") { request, context in
            try context.require(.read)
            let routes = try await services.routes.all(sourceName: request.uri.queryParameters["source"].map(String.init))
            return JSONResponse.make(.ok, ["data": routes.map(Self.json)])
        }
        group.post("/routes") { request, context in
            try context.require(.write)
            let body = try await JSONBody(request, context: context)
            let source = try body.requiredString("source", maxLength: 64)
            let url = try body.requiredString("target_url", maxLength: 2048)
            let types = try body.strings("event_types") ?? ["*"]
            let (route, secret) = try await services.mutation { connection in
                let added = try await services.routes.add(sourceName: source, eventTypes: types, targetURL: url, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "route.create", resourceType: "route", resourceID: "\(added.route.id)",
                                          payload: ["source": source, "target_url": url, "event_types": types])
                return added
            }
            var answer = Self.json(route)
            answer["secret"] = secret
            return JSONResponse.make(.created, answer)
        }
        group.get("/routes/:id") { _, context in
            try context.require(.read)
            let id = try context.parameters.require("id", as: Int64.self)
            guard let route = try await services.routes.get(id) else { throw NotFound("route \(id)") }
            return JSONResponse.make(.ok, Self.json(route))
        }
        group.patch("/routes/:id") { request, context in
            try context.require(.write)
            let id = try context.parameters.require("id", as: Int64.self)
            let body = try await JSONBody(request, context: context)
            let types = try body.strings("event_types")
            let url = try body.string("target_url", maxLength: 2048)
            let enabled = try body.bool("enabled")
            let route = try await services.mutation { connection in
                guard let route = try await services.routes.update(id, eventTypes: types, targetURL: url, enabled: enabled, on: connection) else {
                    throw NotFound("route \(id)")
                }
                try await AuditLog.record(on: connection, context: context, action: "route.update", resourceType: "route", resourceID: "\(id)",
                                          payload: ["event_types": types, "target_url": url, "enabled": enabled])
                return route
            }
            return JSONResponse.make(.ok, Self.json(route))
        }
        group.delete("/routes/:id") { _, context in
            try context.require(.write)
            let id = try context.parameters.require("id", as: Int64.self)
            try await services.mutation { connection in
                guard try await services.routes.delete(id, on: connection) else { throw NotFound("route \(id)") }
                try await AuditLog.record(on: connection, context: context, action: "route.delete", resourceType: "route", resourceID: "\(id)")
            }
            return Response(status: .noContent)
        }
    }

    static func json(_ route: Route) -> [String: Any?] {
        ["id": route.id, "source_id": route.sourceID, "event_types": route.filter.patterns, "target_url": route.targetURL, "enabled": route.enabled]
    }
}
