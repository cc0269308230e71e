import Hummingbird
import Queue

/// `/v1/dlq`: discarded jobs — list (by kind), get, requeue (optionally resetting attempts), delete.
struct DLQRoutes {
    let services: AdminServices

    func add(to group: RouterGroup<AdminContext>) {
        group.get("/dlq") { request, context in
            try context.require(.read)
            let page = try Page(request)
            let filter = JobFilter(state: .discarded, kind: request.uri.queryParameters["kind"].map(String.init))
            let jobs = try await services.queue.list(filter, before: page.before, limit: page.limit)
            return page.response(jobs.map(\.json), ids: jobs.map(\.id))
        }
        group.get("/dlq/:id") { _, context in
            try context.require(.read)
            let id = try context.parameters.require("id", as: Int64.self)
            guard let job = try await services.queue.job(id), job.state == .discarded else { throw NotFound("discarded job \(id)") }
            return JSONResponse.make(.ok, job.json)
        }
        group.post("/dlq/:id/requeue") { request, context in
            try context.require(.write)
            let id = try context.parameters.require("id", as: Int64.self)
            let reset = try await JSONBody(request, context: context).bool("reset_attempts") ?? true
            try await services.mutation { connection in
                guard try await services.queue.job(id, on: connection)?.state == .discarded else { throw NotFound("discarded job \(id)") }
                try await services.queue.retry(id, resetAttempts: reset, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "dlq.requeue", resourceType: "job", resourceID: "\(id)",
                                          payload: ["reset_attempts": reset])
            }
            return JSONResponse.make(.ok, try await services.queue.job(id)?.json ?? [:])
        }
        group.delete("/dlq/:id") { _, context in
            try context.require(.write)
            let id = try context.parameters.require("id", as: Int64.self)
            try await services.mutation { connection in
                try await services.queue.deleteDiscarded(id, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "dlq.delete", resourceType: "job", resourceID: "\(id)")
            }
            return Response(status: .noContent)
        }
    }
}
