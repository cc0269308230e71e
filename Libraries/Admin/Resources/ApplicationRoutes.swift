import Hummingbird
import Outbound

/// `/v1/apps`: outbound partners (applications), addressed by the `uid` the team chose.
struct ApplicationRoutes {
    let services: AdminServices

    func add(to group: RouterGroup<AdminContext>) {
        group.get("/apps") { request, context in
            try context.require(.read)
            let page = try Page(request)
            let apps = try await services.applications.list(limit: page.limit, before: page.before)
            return page.response(apps.map(Self.json), ids: apps.map(\.id))
        }
        group.post("/apps") { request, context in
            try context.require(.write)
            let body = try await JSONBody(request, context: context)
            let uid = try body.requiredString("uid", maxLength: 64)
            var change = try Self.change(body)
            change.name = try body.requiredString("name", maxLength: 200)
            let application = try await services.mutation { [change] connection in
                let application = try await services.applications.create(uid: uid, change, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "application.create", resourceType: "application", resourceID: uid,
                                          payload: Self.auditPayload(change))
                return application
            }
            return JSONResponse.make(.created, Self.json(application))
        }
        group.get("/apps/:app") { _, context in
            try context.require(.read)
            return JSONResponse.make(.ok, Self.json(try await services.applications.require(try context.parameters.require("app"))))
        }
        group.patch("/apps/:app") { request, context in
            try context.require(.write)
            let uid = try context.parameters.require("app")
            let body = try await JSONBody(request, context: context)
            var change = try Self.change(body)
            change.name = try body.string("name", maxLength: 200)
            let application = try await services.mutation { [change] connection in
                let application = try await services.applications.update(uid, change, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "application.update", resourceType: "application", resourceID: uid,
                                          payload: Self.auditPayload(change))
                return application
            }
            return JSONResponse.make(.ok, Self.json(application))
        }
        group.delete("/apps/:app") { _, context in
            try context.require(.write)
            let uid = try context.parameters.require("app")
            try await services.mutation { connection in
                try await services.applications.delete(uid, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "application.delete", resourceType: "application", resourceID: uid)
            }
            return Response(status: .noContent)
        }
    }

    static func change(_ body: JSONBody) throws -> ApplicationChange {
        let schedule: RetrySchedule?? = try body.clearableInts("retry_schedule").map { seconds in try seconds.map { try RetrySchedule(seconds: $0) } }
        return ApplicationChange(metadata: try body.jsonObject("metadata"), rateLimit: try body.clearableInt("rate_limit", in: 1...100_000), retrySchedule: schedule)
    }

    static func auditPayload(_ change: ApplicationChange) -> [String: Any?] {
        var payload: [String: Any?] = ["name": change.name]
        if let rate = change.rateLimit { payload["rate_limit"] = .some(rate.map { $0 as Any }) }
        if let schedule = change.retrySchedule { payload["retry_schedule"] = .some(schedule.map { $0.seconds as Any }) }
        return payload
    }

    static func json(_ application: OutboundApplication) -> [String: Any?] {
        [
            "id": application.id, "uid": application.uid, "name": application.name, "metadata": JSONResponse.raw(application.metadata),
            "rate_limit": application.rateLimit, "retry_schedule": application.retrySchedule.seconds, "created_at": application.createdAt,
            "updated_at": application.updatedAt,
        ]
    }
}
