import Common
import Foundation
import HTTPTypes
import Hummingbird
import Outbound

/// `/v1/apps/{app}/messages`: publish (with `Idempotency-Key`), list, inspect with every attempt, resend.
struct MessageRoutes {
    let services: AdminServices

    static let idempotencyHeader = HTTPField.Name("Idempotency-Key")!
    static let replayedHeader = HTTPField.Name("Idempotent-Replayed")!

    func add(to group: RouterGroup<AdminContext>) {
        group.post("/apps/:app/messages") { request, context in
            try context.require(.write)
            let uid = try context.parameters.require("app")
            let key = request.headers[Self.idempotencyHeader]
            let body = try await JSONBody(request, context: context)
            let eventType = try body.requiredString("event_type", maxLength: 200)
            guard let payload = try body.json("payload") else { throw InvalidInput("payload", "is required") }
            let eventID = try body.string("event_id", maxLength: 256)
            let result: PublishResult
            if let key {
                result = try await services.mutation { connection in
                    let application = try await services.applications.require(uid, on: connection)
                    let result = try await services.messages.publish(
                        to: application, eventType: eventType, payload: payload, eventID: eventID, idempotencyKey: key, on: connection
                    )
                    if !result.replayed {
                        let entry = try Self.auditEntry(result, application: uid, context: context)
                        try await AuditTrail.insert([entry], on: connection, logger: context.logger)
                    }
                    return result
                }
            } else {
                result = try await services.publisher.publish(
                    PublishRequest(application: uid, eventType: eventType, payload: payload, eventID: eventID) { result in
                        try Self.auditEntry(result, application: uid, context: context)
                    }
                )
            }
            var answer = Self.json(result.message, application: uid)
            answer["deliveries"] = result.deliveries
            var response = JSONResponse.make(.accepted, answer)
            if result.replayed { response.headers[Self.replayedHeader] = "true" }
            return response
        }
        group.get("/apps/:app/messages") { request, context in
            try context.require(.read)
            let uid = try context.parameters.require("app")
            let application = try await services.applications.require(uid)
            let page = try Page(request)
            let query = request.uri.queryParameters
            let status = try query["status"].map { raw in
                guard let status = MessageStore.Status(rawValue: String(raw)) else { throw InvalidInput("status", "must be pending, succeeded or failed") }
                return status
            }
            let listed = try await services.messages.list(
                applicationID: application.id, eventType: query["event_type"].map(String.init),
                since: try query["since"].map { try JobRoutes.date(String($0), field: "since") },
                until: try query["until"].map { try JobRoutes.date(String($0), field: "until") },
                status: status, limit: page.limit, before: page.before
            )
            return page.response(listed.map { item in
                var row = Self.json(item.message, application: uid)
                row["status"] = item.status.rawValue
                row["deliveries"] = item.deliveries
                return row
            }, ids: listed.map(\.message.id))
        }
        group.get("/apps/:app/messages/:id") { _, context in
            try context.require(.read)
            let uid = try context.parameters.require("app")
            let id = try context.parameters.require("id", as: Int64.self)
            let application = try await services.applications.require(uid)
            guard let detail = try await services.messages.detail(applicationID: application.id, id) else { throw NotFound("message \(id)") }
            var answer = Self.json(detail.message, application: uid)
            answer["deliveries"] = detail.deliveries.map { delivery in
                [
                    "id": delivery.id, "endpoint_id": delivery.endpointID, "status": delivery.status.rawValue, "attempts": delivery.attempts,
                    "last_attempt_at": delivery.lastAttemptAt, "next_attempt_at": delivery.nextAttemptAt, "created_at": delivery.createdAt,
                    "attempt_log": detail.attempts.filter { $0.deliveryID == delivery.id }.map(Self.json),
                ] as [String: Any?]
            }
            return JSONResponse.make(.ok, answer)
        }
        group.post("/apps/:app/messages/:id/resend") { request, context in
            try context.require(.write)
            let uid = try context.parameters.require("app")
            let id = try context.parameters.require("id", as: Int64.self)
            let body = try await JSONBody(request, context: context)
            let endpointID = try body.int("endpoint_id", in: 1...Int.max).map(Int64.init)
            let resent = try await services.mutation { connection in
                let application = try await services.applications.require(uid, on: connection)
                let resent = try await services.messages.resend(application, messageID: id, endpointID: endpointID, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "message.resend", resourceType: "message", resourceID: "\(id)",
                                          payload: ["application": uid, "endpoint_id": endpointID, "resent": resent])
                return resent
            }
            return JSONResponse.make(.accepted, ["resent": resent])
        }
    }

    private static func auditEntry(_ result: PublishResult, application: String, context: AdminContext) throws -> AuditTrail.Entry {
        try AuditLog.entry(
            context: context, action: "message.publish", resourceType: "message", resourceID: "\(result.message.id)",
            payload: ["application": application, "event_type": result.message.eventType, "deliveries": result.deliveries]
        )
    }

    static func json(_ message: Message, application: String) -> [String: Any?] {
        [
            "id": message.id, "webhook_id": message.webhookID, "application": application, "event_type": message.eventType,
            "event_id": message.eventID, "payload": JSONResponse.raw(message.payload), "operational": message.operational,
            "created_at": message.createdAt,
        ]
    }

    static func json(_ attempt: DeliveryAttempt) -> [String: Any?] {
        [
            "attempt": attempt.attempt, "started_at": attempt.startedAt, "succeeded": attempt.succeeded, "status_code": attempt.statusCode,
            "latency_seconds": attempt.latencySeconds, "error": attempt.error, "response_headers": JSONResponse.raw(attempt.responseHeaders),
            "response_body": attempt.responseBody,
        ]
    }
}
