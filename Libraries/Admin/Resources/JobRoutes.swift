import Foundation
import Hummingbird
import Queue

/// `/v1/jobs`: enqueue (one or a batch), list with filters, get, retry, cancel, stats.
struct JobRoutes {
    let services: AdminServices
    static let maxBatch = 1000

    func add(to group: RouterGroup<AdminContext>) {
        group.post("/jobs") { request, context in
            let principal = try context.require(.write)
            let job = try Self.newJob(try await JSONBody(request, context: context), createdBy: principal.label)
            let enqueued = try await services.mutation { connection in
                let enqueued = try await services.queue.enqueue(job, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "job.enqueue", resourceType: "job", resourceID: "\(enqueued.id)",
                                          payload: ["kind": job.kind, "queue": job.queue, "created": enqueued.created])
                return enqueued
            }
            let record = try await services.queue.job(enqueued.id)
            var answer = record?.json ?? ["id": enqueued.id]
            answer["created"] = enqueued.created
            return JSONResponse.make(enqueued.created ? .created : .ok, answer)
        }
        group.post("/jobs/batch") { request, context in
            let principal = try context.require(.write)
            let items = try await JSONBody(request, context: context).objects("jobs", maxCount: Self.maxBatch)
            let jobs = try items.enumerated().map { index, item in
                do { return try Self.newJob(item, createdBy: principal.label) } catch let error as InvalidInput {
                    throw InvalidInput("jobs[\(index)].\(error.field)", error.reason)
                }
            }
            let enqueued = try await services.mutation { connection in
                let enqueued = try await services.queue.enqueue(jobs, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "job.enqueue_batch", resourceType: "job", resourceID: nil,
                                          payload: ["count": jobs.count, "ids": enqueued.map(\.id)])
                return enqueued
            }
            return JSONResponse.make(.created, ["data": enqueued.map { ["id": $0.id, "created": $0.created] as [String: Any] }])
        }
        group.get("/jobs") { request, context in
            try context.require(.read)
            let page = try Page(request)
            let filter = try Self.filter(request)
            let jobs = try await services.queue.list(filter, before: page.before, limit: page.limit)
            return page.response(jobs.map(\.json), ids: jobs.map(\.id))
        }
        group.get("/jobs/stats") { _, context in
            try context.require(.read)
            let stats = try await services.queue.stats()
            let counters = try await services.queue.counters()
            return JSONResponse.make(.ok, [
                "states": stats.map { ["queue": $0.queue, "kind": $0.kind, "state": $0.state.rawValue, "count": $0.count] as [String: Any] },
                "totals": counters.map {
                    ["queue": $0.queue, "kind": $0.kind, "completed": $0.completed, "cancelled": $0.cancelled, "discarded": $0.discarded] as [String: Any]
                },
            ])
        }
        group.get("/jobs/:id") { _, context in
            try context.require(.read)
            let id = try context.parameters.require("id", as: Int64.self)
            guard let job = try await services.queue.job(id) else { throw QueueError.notFound(id: id) }
            return JSONResponse.make(.ok, job.json)
        }
        group.post("/jobs/:id/retry") { _, context in
            try context.require(.write)
            let id = try context.parameters.require("id", as: Int64.self)
            try await services.mutation { connection in
                try await services.queue.retry(id, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "job.retry", resourceType: "job", resourceID: "\(id)")
            }
            return JSONResponse.make(.ok, try await services.queue.job(id)?.json ?? [:])
        }
        group.post("/jobs/:id/cancel") { _, context in
            try context.require(.write)
            let id = try context.parameters.require("id", as: Int64.self)
            let outcome = try await services.mutation { connection in
                let outcome = try await services.queue.cancel(id, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "job.cancel", resourceType: "job", resourceID: "\(id)")
                return outcome
            }
            return JSONResponse.make(outcome == .cancelled ? .ok : .accepted, ["id": id, "outcome": outcome == .cancelled ? "cancelled" : "stop_requested"])
        }
    }

    static func newJob(_ body: JSONBody, createdBy: String) throws -> NewJob {
        var job = NewJob(kind: try body.requiredString("kind", maxLength: 128), createdBy: createdBy)
        job.queue = try body.string("queue", maxLength: 64) ?? job.queue
        job.payload = try body.json("payload") ?? "{}"
        job.priority = try body.int("priority", in: -1000...1000) ?? 0
        job.maxAttempts = try body.int("max_attempts", in: 1...1000) ?? job.maxAttempts
        job.uniqueKey = try body.string("unique_key", maxLength: 256)
        job.timeoutSeconds = try body.int("timeout_seconds", in: 1...NewJob.maxTimeoutSeconds)
        if let delay = try body.int("delay_seconds", in: 0...31_536_000) {
            job.runAt = Date.now.addingTimeInterval(Double(delay))
        }
        if let runAt = try body.date("run_at") { job.runAt = runAt }
        if let tags = try body.stringList("tags", maxCount: 1000) {
            do { try NewJob.validate(tags: tags) } catch { if case .invalid(let field, let reason) = error { throw InvalidInput(field, reason) } }
            job.tags = tags
        }
        return job
    }

    static func filter(_ request: Request) throws -> JobFilter {
        let query = request.uri.queryParameters
        var filter = JobFilter()
        if let state = query["state"] {
            guard let parsed = JobState(rawValue: String(state)) else {
                throw InvalidInput("state", "must be one of \(JobState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.state = parsed
        }
        filter.queue = query["queue"].map(String.init)
        filter.kind = query["kind"].map(String.init)
        filter.tag = query["tag"].map(String.init)
        filter.createdAfter = try query["created_after"].map { try date(String($0), field: "created_after") }
        filter.createdBefore = try query["created_before"].map { try date(String($0), field: "created_before") }
        return filter
    }

    static func date(_ text: String, field: String) throws -> Date {
        guard let date = ISO8601.parse(text) else { throw InvalidInput(field, "must be an RFC 3339 timestamp") }
        return date
    }
}
