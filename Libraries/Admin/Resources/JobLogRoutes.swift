import Hummingbird
import Queue

/// `GET /v1/jobs/{id}/logs`: the lines a job's handler logged, attempt by attempt, live or finished.
struct JobLogRoutes {
    let services: AdminServices

    func add(to group: RouterGroup<AdminContext>) {
        group.get("/jobs/:id/logs") { _, context in
            try context.require(.read)
            let id = try context.parameters.require("id", as: Int64.self)
            let lines = try await services.read { connection in
                guard try await services.queue.job(id, on: connection) != nil else { throw QueueError.notFound(id: id) }
                return try await services.queue.logs(jobID: id, on: connection)
            }
            return JSONResponse.make(.ok, ["data": lines.map { ["attempt": $0.attempt, "at": $0.at, "message": $0.message] as [String: Any] }])
        }
    }
}
