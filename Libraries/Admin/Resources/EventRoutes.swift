import Hummingbird
import Webhooks

/// `/v1/events`: stored inbound events — list, get, replay.
struct EventRoutes {
    let services: AdminServices
    static let statuses = ["received", "processed", "failed"]

    func add(to group: RouterGroup<AdminContext>) {
        group.get("/events") { request, context in
            try context.require(.read)
            let page = try Page(request)
            let query = request.uri.queryParameters
            let status = query["status"].map(String.init)
            if let status, !Self.statuses.contains(status) { throw InvalidInput("status", "must be received, processed or failed") }
            let events = try await services.events.list(source: query["source"].map(String.init), status: status, before: page.before, limit: page.limit)
            return page.response(events.map { Self.json($0, withBody: false) }, ids: events.map(\.id))
        }
        group.get("/events/:id") { _, context in
            try context.require(.read)
            let id = try context.parameters.require("id", as: Int64.self)
            guard let event = try await services.events.get(id) else { throw NotFound("event \(id)") }
            return JSONResponse.make(.ok, Self.json(event, withBody: true))
        }
        group.post("/events/:id/replay") { _, context in
            try context.require(.write)
            let id = try context.parameters.require("id", as: Int64.self)
            try await services.mutation { connection in
                guard try await services.events.replay(id, on: connection) else { throw NotFound("event \(id)") }
                try await AuditLog.record(on: connection, context: context, action: "event.replay", resourceType: "event", resourceID: "\(id)")
            }
            return JSONResponse.make(.accepted, ["id": id, "status": "received"])
        }
    }

    static func json(_ event: StoredEvent, withBody: Bool) -> [String: Any?] {
        var json: [String: Any?] = [
            "id": event.id, "source": event.source, "external_id": event.externalID, "event_type": event.eventType, "status": event.status,
            "error": event.error, "received_at": event.receivedAt, "processed_at": event.processedAt,
        ]
        if withBody {
            json["headers"] = JSONResponse.raw(event.headersJSON)
            json["body_base64"] = event.bodyBase64
        }
        return json
    }
}
