import Hummingbird
import Outbound

/// `/v1/apps/{app}/endpoints`: where an application's messages go. The secret is shown on create, on rotation and
/// to admins who ask for it (`GET .../secret`); never in a listing or an audit row.
struct EndpointRoutes {
    let services: AdminServices

    static let defaultOverlap = 86_400

    func add(to group: RouterGroup<AdminContext>) {
        group.get("/apps/:app/endpoints") { _, context in
            try context.require(.read)
            let application = try await services.applications.require(try context.parameters.require("app"))
            return JSONResponse.make(.ok, ["data": try await services.endpoints.list(applicationID: application.id).map { Self.json($0, application) }])
        }
        group.post("/apps/:app/endpoints") { request, context in
            try context.require(.write)
            let application = try await services.applications.require(try context.parameters.require("app"))
            let body = try await JSONBody(request, context: context)
            var change = try Self.change(body)
            change.url = try body.requiredString("url", maxLength: 2048)
            let secret = try body.string("secret", maxLength: 200)
            let asymmetric = try body.bool("ed25519") ?? false
            let (endpoint, shown) = try await services.mutation { [change] connection in
                let created = try await services.endpoints.create(applicationID: application.id, change, secret: secret, asymmetric: asymmetric, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "endpoint.create", resourceType: "endpoint", resourceID: "\(created.endpoint.id)",
                                          payload: ["application": application.uid, "url": change.url, "event_types": change.eventTypes, "ed25519": asymmetric])
                return created
            }
            var answer = Self.json(endpoint, application)
            answer["secret"] = shown
            return JSONResponse.make(.created, answer)
        }
        group.get("/apps/:app/endpoints/:id") { _, context in
            try context.require(.read)
            let (application, id) = try await locate(context)
            return JSONResponse.make(.ok, Self.json(try await services.endpoints.require(applicationID: application.id, id), application))
        }
        group.patch("/apps/:app/endpoints/:id") { request, context in
            try context.require(.write)
            let (application, id) = try await locate(context)
            let body = try await JSONBody(request, context: context)
            var change = try Self.change(body)
            change.url = try body.string("url", maxLength: 2048)
            change.disabledReason = try body.string("disabled_reason", maxLength: 500)
            let endpoint = try await services.mutation { [change] connection in
                let endpoint = try await services.endpoints.update(applicationID: application.id, id, change, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "endpoint.update", resourceType: "endpoint", resourceID: "\(id)",
                                          payload: ["application": application.uid, "url": change.url, "event_types": change.eventTypes,
                                                    "enabled": change.enabled, "disabled_reason": change.disabledReason])
                return endpoint
            }
            return JSONResponse.make(.ok, Self.json(endpoint, application))
        }
        group.delete("/apps/:app/endpoints/:id") { _, context in
            try context.require(.write)
            let (application, id) = try await locate(context)
            try await services.mutation { connection in
                try await services.endpoints.delete(applicationID: application.id, id, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "endpoint.delete", resourceType: "endpoint", resourceID: "\(id)",
                                          payload: ["application": application.uid])
            }
            return Response(status: .noContent)
        }
        group.post("/apps/:app/endpoints/:id/enable") { _, context in
            try context.require(.write)
            let (application, id) = try await locate(context)
            let endpoint = try await services.mutation { connection in
                let endpoint = try await services.endpoints.update(applicationID: application.id, id, EndpointChange(enabled: true), on: connection)
                try await AuditLog.record(on: connection, context: context, action: "endpoint.enable", resourceType: "endpoint", resourceID: "\(id)",
                                          payload: ["application": application.uid])
                return endpoint
            }
            return JSONResponse.make(.ok, Self.json(endpoint, application))
        }
        SecretRoutes(endpoints: self).add(to: group)
        group.post("/apps/:app/endpoints/:id/recover") { request, context in
            try context.require(.write)
            let (application, id) = try await locate(context)
            let body = try await JSONBody(request, context: context)
            guard let since = try body.date("since") else { throw InvalidInput("since", "is required") }
            let until = try body.date("until")
            let resent = try await services.mutation { connection in
                let resent = try await services.messages.recover(application, endpointID: id, since: since, until: until, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "endpoint.recover", resourceType: "endpoint", resourceID: "\(id)",
                                          payload: ["application": application.uid, "since": since, "until": until, "resent": resent])
                return resent
            }
            return JSONResponse.make(.accepted, ["resent": resent])
        }
        group.get("/apps/:app/endpoints/:id/stats") { _, context in
            try context.require(.read)
            let (application, id) = try await locate(context)
            _ = try await services.endpoints.require(applicationID: application.id, id)
            let counts = try await services.messages.stats(application, endpointID: id)
            var answer: [String: Any?] = ["period_seconds": 86_400]
            for (status, count) in counts { answer[status.rawValue] = count }
            return JSONResponse.make(.ok, answer)
        }
    }

    /// The application of the path and the endpoint id in it.
    func locate(_ context: AdminContext) async throws -> (OutboundApplication, Int64) {
        let id = try context.parameters.require("id", as: Int64.self)
        return (try await services.applications.require(try context.parameters.require("app")), id)
    }

    static func change(_ body: JSONBody) throws -> EndpointChange {
        EndpointChange(
            description: try body.text("description", maxLength: 1000),
            eventTypes: try body.stringList("event_types", maxCount: 100),
            enabled: try body.bool("enabled"),
            rateLimit: try body.clearableInt("rate_limit", in: 1...100_000),
            maxConcurrency: try body.clearableInt("max_concurrency", in: 1...10_000),
            headers: try body.stringMap("headers")
        )
    }

    static func json(_ endpoint: Endpoint, _ application: OutboundApplication) -> [String: Any?] {
        [
            "id": endpoint.id, "application": application.uid, "url": endpoint.url, "description": endpoint.description,
            "event_types": endpoint.filter.patterns, "enabled": endpoint.enabled, "disabled_reason": endpoint.disabledReason,
            "disabled_at": endpoint.disabledAt, "rate_limit": endpoint.rateLimit, "max_concurrency": endpoint.maxConcurrency,
            "headers": endpoint.headers, "public_key": endpoint.publicKey, "failing_since": endpoint.failingSince,
            "last_success_at": endpoint.lastSuccessAt, "created_at": endpoint.createdAt, "updated_at": endpoint.updatedAt,
        ]
    }
}

/// `GET .../secret` (admins) and `POST .../secret/rotate`: the endpoint's live secrets.
struct SecretRoutes {
    let endpoints: EndpointRoutes

    var services: AdminServices { endpoints.services }

    func add(to group: RouterGroup<AdminContext>) {
        group.get("/apps/:app/endpoints/:id/secret") { _, context in
            try context.require(.write)
            let (application, id) = try await endpoints.locate(context)
            let endpoint = try await services.endpoints.require(applicationID: application.id, id)
            let secrets = try await services.endpoints.secrets(applicationID: application.id, id)
            return JSONResponse.make(.ok, [
                "secret": secrets.first?.secret, "public_key": endpoint.publicKey,
                "secrets": secrets.map { ["secret": $0.secret, "created_at": $0.createdAt, "expires_at": $0.expiresAt] as [String: Any?] },
            ])
        }
        group.post("/apps/:app/endpoints/:id/secret/rotate") { request, context in
            try context.require(.write)
            let (application, id) = try await endpoints.locate(context)
            let body = try await JSONBody(request, context: context)
            let overlap = try body.int("overlap_seconds", in: 0...604_800) ?? EndpointRoutes.defaultOverlap
            let given = try body.string("secret", maxLength: 200)
            let secret = try await services.mutation { connection in
                let secret = try await services.endpoints.rotateSecret(applicationID: application.id, id, overlap: .seconds(overlap), newSecret: given, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "endpoint.rotate_secret", resourceType: "endpoint", resourceID: "\(id)",
                                          payload: ["application": application.uid, "overlap_seconds": overlap])
                return secret
            }
            return JSONResponse.make(.ok, ["secret": secret, "overlap_seconds": overlap])
        }
    }
}
