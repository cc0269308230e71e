import Hummingbird
import PostgresNIO
import Queue

/// `/v1/queues`: every queue's depth, running jobs and controls; pause and resume a queue or one kind in it; set or
/// remove a global limit on running jobs.
struct QueueRoutes {
    let services: AdminServices

    func add(to group: RouterGroup<AdminContext>) {
        group.get("/queues") { _, context in
            try context.require(.read)
            return JSONResponse.make(.ok, ["data": try await services.queue.queueSummaries().map(\.json)])
        }
        group.post("/queues/:queue/pause") { request, context in
            try await change(request, context, action: "queue.pause") { name, kind, _, connection in
                try await services.queue.pause(queue: name, kind: kind, on: connection)
            }
        }
        group.post("/queues/:queue/resume") { request, context in
            try await change(request, context, action: "queue.resume") { name, kind, _, connection in
                try await services.queue.resume(queue: name, kind: kind, on: connection)
            }
        }
        group.put("/queues/:queue/limit") { request, context in
            try await change(request, context, action: "queue.limit_set", needsLimit: true) { name, kind, limit, connection in
                try await services.queue.setLimit(queue: name, kind: kind, maxRunning: limit!, on: connection)
            }
        }
        group.delete("/queues/:queue/limit") { request, context in
            try await change(request, context, action: "queue.limit_remove", kindFromQuery: true) { name, kind, _, connection in
                try await services.queue.removeLimit(queue: name, kind: kind, on: connection)
            }
        }
    }

    /// Validates, applies `body` and audits in one transaction; answers the queue's summary.
    private func change(
        _ request: Request,
        _ context: AdminContext,
        action: String,
        needsLimit: Bool = false,
        kindFromQuery: Bool = false,
        _ body: @Sendable (String, String?, Int?, PostgresConnection) async throws -> Void
    ) async throws -> Response {
        try context.require(.write)
        let name = try context.parameters.require("queue")
        let kind: String?
        var limit: Int?
        if kindFromQuery {
            kind = request.uri.queryParameters["kind"].map(String.init)
        } else {
            let json = try await JSONBody(request, context: context)
            kind = try json.string("kind", maxLength: 128)
            if needsLimit {
                guard let value = try json.int("max_running", in: 1...100_000) else { throw InvalidInput("max_running", "is required") }
                limit = value
            }
        }
        try await services.mutation { connection in
            try await body(name, kind, limit, connection)
            try await AuditLog.record(on: connection, context: context, action: action, resourceType: "queue", resourceID: name,
                                      payload: ["kind": kind, "max_running": limit])
        }
        return JSONResponse.make(.ok, try await services.queue.queueSummary(name).json)
    }
}

extension QueueSummary {
    var json: [String: Any?] {
        [
            "queue": queue, "depth": depth, "running": running, "oldest_due_age_seconds": oldestDueAgeSeconds, "paused": paused,
            "paused_kinds": pausedKinds, "limit": limit,
            "kind_limits": kindLimits.keys.sorted().map { ["kind": $0, "max_running": kindLimits[$0]!] as [String: Any] },
        ]
    }
}
