import Hummingbird
import Queue

/// `/v1/periodic-jobs`: cron job definitions — list, create, get, change, delete, enable, disable.
struct PeriodicJobRoutes {
    let services: AdminServices
    var periodic: PeriodicJobs { PeriodicJobs(queue: services.queue) }

    func add(to group: RouterGroup<AdminContext>) {
        group.get("/periodic-jobs") { _, context in
            try context.require(.read)
            return JSONResponse.make(.ok, ["data": try await periodic.list().map(Self.json)])
        }
        group.post("/periodic-jobs") { request, context in
            try context.require(.write)
            let body = try await JSONBody(request, context: context)
            var job = PeriodicJob(name: try body.requiredString("name", maxLength: 64), cron: try body.requiredString("cron", maxLength: 200),
                                  kind: try body.requiredString("kind", maxLength: 128))
            try Self.apply(body, to: &job)
            let record = try await services.mutation { connection in
                let record = try await periodic.add(job, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "periodic_job.create", resourceType: "periodic_job", resourceID: job.name,
                                          payload: ["cron": job.cron, "time_zone": job.timeZone, "kind": job.kind, "queue": job.queue])
                return record
            }
            return JSONResponse.make(.created, Self.json(record))
        }
        group.get("/periodic-jobs/:name") { _, context in
            try context.require(.read)
            return JSONResponse.make(.ok, Self.json(try await periodic.get(try context.parameters.require("name"))))
        }
        group.patch("/periodic-jobs/:name") { request, context in
            try context.require(.write)
            let name = try context.parameters.require("name")
            let body = try await JSONBody(request, context: context)
            let record = try await services.mutation { connection in
                let record = try await periodic.update(name, on: connection) { job in try Self.apply(body, to: &job) }
                try await AuditLog.record(on: connection, context: context, action: "periodic_job.update", resourceType: "periodic_job", resourceID: name,
                                          payload: ["fields": Self.fields.filter(body.has)])
                return record
            }
            return JSONResponse.make(.ok, Self.json(record))
        }
        group.delete("/periodic-jobs/:name") { _, context in
            try context.require(.write)
            let name = try context.parameters.require("name")
            try await services.mutation { connection in
                try await periodic.remove(name, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "periodic_job.delete", resourceType: "periodic_job", resourceID: name)
            }
            return Response(status: .noContent)
        }
        for (verb, enabled) in [("enable", true), ("disable", false)] {
            group.post("/periodic-jobs/:name/\(verb)") { _, context in
                try context.require(.write)
                let name = try context.parameters.require("name")
                let record = try await services.mutation { connection in
                    let record = try await periodic.setEnabled(name, enabled, on: connection)
                    try await AuditLog.record(on: connection, context: context, action: "periodic_job.\(verb)", resourceType: "periodic_job", resourceID: name)
                    return record
                }
                return JSONResponse.make(.ok, Self.json(record))
            }
        }
    }

    /// The fields a definition takes besides `name`.
    static let fields = ["cron", "kind", "time_zone", "queue", "payload", "priority", "max_attempts", "enabled", "catch_up"]

    /// Reads the fields given (all but `name`) into `job`; the others keep their values.
    static func apply(_ body: JSONBody, to job: inout PeriodicJob) throws {
        job.cron = try body.string("cron", maxLength: 200) ?? job.cron
        job.kind = try body.string("kind", maxLength: 128) ?? job.kind
        job.timeZone = try body.string("time_zone", maxLength: 64) ?? job.timeZone
        job.queue = try body.string("queue", maxLength: 64) ?? job.queue
        job.payload = try body.jsonObject("payload") ?? job.payload
        job.priority = try body.int("priority", in: -1000...1000) ?? job.priority
        job.maxAttempts = try body.int("max_attempts", in: 1...1000) ?? job.maxAttempts
        job.enabled = try body.bool("enabled") ?? job.enabled
        if let catchUp = try body.string("catch_up", maxLength: 8) {
            guard let parsed = PeriodicJob.CatchUp(rawValue: catchUp) else { throw InvalidInput("catch_up", "must be skip or one") }
            job.catchUp = parsed
        }
    }

    static func json(_ record: PeriodicJobRecord) -> [String: Any?] {
        let job = record.definition
        return [
            "name": job.name, "cron": job.cron, "time_zone": job.timeZone, "kind": job.kind, "queue": job.queue, "payload": JSONResponse.raw(job.payload),
            "priority": job.priority, "max_attempts": job.maxAttempts, "enabled": job.enabled, "catch_up": job.catchUp.rawValue,
            "next_run_at": record.nextRunAt, "last_run_at": record.lastRunAt, "declared_in_code": record.declaredInCode,
        ]
    }
}
