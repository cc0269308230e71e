import Foundation
import Hummingbird
import Queue

/// `POST /v1/jobs/bulk` (retry, cancel, delete) and `POST /v1/dlq/bulk` (requeue, delete): one action on every job
/// matching a filter or a list of ids, at most `JobQueue.bulkCap` per call, in chunks; one audit row per call.
struct BulkRoutes {
    let services: AdminServices
    static let maxIDs = JobQueue.bulkCap

    func add(to group: RouterGroup<AdminContext>) {
        group.post("/jobs/bulk") { request, context in
            try context.require(.write)
            let body = try await JSONBody(request, context: context)
            let name = try body.requiredString("action", maxLength: 16)
            let actions: [String: BulkAction] = ["retry": .retryFinished, "cancel": .cancel, "delete": .deleteJobs]
            guard let action = actions[name] else { throw InvalidInput("action", "must be retry, cancel or delete") }
            return try await run(action, named: name, audit: "job.bulk_\(name)", body: body, context: context)
        }
        group.post("/dlq/bulk") { request, context in
            try context.require(.write)
            let body = try await JSONBody(request, context: context)
            let name = try body.requiredString("action", maxLength: 16)
            let reset = try body.bool("reset_attempts") ?? true
            let actions: [String: BulkAction] = ["requeue": .requeueDiscarded(resetAttempts: reset), "delete": .deleteDiscarded]
            guard let action = actions[name] else { throw InvalidInput("action", "must be requeue or delete") }
            return try await run(action, named: name, audit: "dlq.bulk_\(name)", body: body, context: context)
        }
    }

    private func run(_ action: BulkAction, named name: String, audit: String, body: JSONBody, context: AdminContext) async throws -> Response {
        let filter = try Self.filter(body)
        let dryRun = try body.bool("dry_run") ?? false
        let report = try await services.queue.bulk(action, filter: filter, dryRun: dryRun)
        try await services.mutation { connection in
            try await AuditLog.record(on: connection, context: context, action: audit, resourceType: "job", resourceID: nil, payload: [
                "filter": Self.audited(filter), "ids": filter.ids?.count, "dry_run": dryRun, "reset_attempts": try body.bool("reset_attempts"),
                "matched": report.matched, "affected": report.affected, "capped": report.capped,
            ])
        }
        return JSONResponse.make(.ok, ["action": name, "dry_run": dryRun, "matched": report.matched, "affected": report.affected, "capped": report.capped])
    }

    /// The filter as read (never the raw body, whose unknown fields may hold anything), for the audit row.
    static func audited(_ filter: JobFilter) -> [String: Any?] {
        let fields: [String: Any?] = [
            "state": filter.state?.rawValue, "queue": filter.queue, "kind": filter.kind, "tag": filter.tag, "created_after": filter.createdAfter,
            "created_before": filter.createdBefore, "finished_after": filter.finishedAfter, "finished_before": filter.finishedBefore,
            "error_contains": filter.errorContains,
        ]
        return fields.filter { $0.value != nil }
    }

    /// `filter` (an object, possibly empty: every job the action applies to) and/or `ids`; one of them is required.
    static func filter(_ body: JSONBody) throws -> JobFilter {
        guard body.has("filter") || body.has("ids") else { throw InvalidInput("filter", "or ids is required; the empty filter {} matches every job the action applies to") }
        var filter = JobFilter()
        if body.has("filter") {
            guard let object = body.object["filter"] as? [String: Any] else { throw InvalidInput("filter", "must be a JSON object") }
            let fields = JSONBody(object: object)
            do {
                if let state = try fields.string("state", maxLength: 16) {
                    guard let parsed = JobState(rawValue: state) else {
                        throw InvalidInput("state", "must be one of \(JobState.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    filter.state = parsed
                }
                filter.queue = try fields.string("queue", maxLength: 64)
                filter.kind = try fields.string("kind", maxLength: 128)
                filter.tag = try fields.string("tag", maxLength: NewJob.maxTagLength)
                filter.createdAfter = try fields.date("created_after")
                filter.createdBefore = try fields.date("created_before")
                filter.finishedAfter = try fields.date("finished_after")
                filter.finishedBefore = try fields.date("finished_before")
                filter.errorContains = try fields.string("error_contains", maxLength: 200)
            } catch let error as InvalidInput {
                throw InvalidInput("filter.\(error.field)", error.reason)
            }
        }
        if body.has("ids") {
            // Ids up to 2^53 - 1, which every JSON parser reads exactly.
            guard let numbers = body.object["ids"] as? [NSNumber], numbers.count <= maxIDs,
                let ids = Optional(numbers.compactMap { JSONBody.isBoolean($0) ? nil : Int64(exactly: $0) }), ids.count == numbers.count,
                ids.allSatisfy({ (1...9_007_199_254_740_991).contains($0) })
            else { throw InvalidInput("ids", "must be a list of at most \(maxIDs) job ids (integers from 1)") }
            filter.ids = ids
        }
        return filter
    }
}
