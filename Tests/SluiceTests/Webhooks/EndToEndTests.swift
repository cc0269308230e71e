import Egress
import Foundation
import HTTPTypes
import Queue
import Testing
import Webhooks
import Worker

@Suite struct EndToEndTests {
    @Test func eventFlowsFromTheHookThroughAWorkerToASignedDelivery() async throws {
        let target = TargetServer()
        try await target.run { base in
            try await TestDatabase.with { db in
                try await EgressClient.with { egress in
                    let fixture = WebhookFixture(db: db)
                    let secret = try await fixture.addSource()
                    let (_, routeSecret) = try await fixture.routes.add(sourceName: "shop", eventTypes: ["order.*"], targetURL: "\(base)/signed")
                    _ = try await fixture.routes.add(sourceName: "shop", eventTypes: ["refund.created"], targetURL: "\(base)/ok")
                    let handlers: [any JobHandler] = [
                        EventProcessor(queue: db.queue),
                        EventDeliverer(client: db.client, box: fixture.box, egress: egress),
                    ]
                    let body = #"{"type":"order.paid","data":{"id":7}}"#
                    try await db.withWorker(handlers, configure: { $0.queues = [EventJobs.queue] }) {
                        try await fixture.withReceiver { client in
                            let (status, json, _) = try await client.hook("shop", body, headers: try WebhookFixture.signed(body, secret: secret))
                            #expect(status == .accepted)
                            let id = Int64(try #require(json["id"] as? Int))
                            try await poll("the event to be delivered") { target.deliveries.withLock { $0.count } == 1 }
                            try await poll("the event to be processed") { try await EventStore(queue: db.queue).status(id)?.status == "processed" }
                        }
                    }
                    let delivery = try #require(target.deliveries.withLock { $0.first })
                    #expect(delivery.body == Array(body.utf8))
                    let verified = try StandardWebhooksVerifier().verify(headers: delivery.headers, body: delivery.body, context: VerificationContext(secrets: [routeSecret]))
                    #expect(verified?.hasPrefix("evt_") == true)
                    #expect(target.count("/ok") == 0)
                }
            }
        }
    }

    @Test func storedEventWakesAnIdleWorkerFasterThanItsPoll() async throws {
        try await TestDatabase.with { db in
            let fixture = WebhookFixture(db: db)
            let secret = try await fixture.addSource()
            let body = #"{"type":"customer.updated"}"#
            try await db.withWorker([EventProcessor(queue: db.queue)], configure: { $0.queues = [EventJobs.queue]; $0.pollInterval = .seconds(30) }) {
                try await poll("worker to register") { try await !db.queue.workers().isEmpty }
                try await fixture.withReceiver { client in
                    let (status, json, _) = try await client.hook("shop", body, headers: try WebhookFixture.signed(body, secret: secret))
                    #expect(status == .accepted)
                    let id = Int64(try #require(json["id"] as? Int))
                    try await poll("the woken worker to process the event", timeout: .seconds(10)) {
                        try await EventStore(queue: db.queue).status(id)?.status == "processed"
                    }
                }
            }
        }
    }

    @Test func eventWithoutMatchingRouteIsProcessedWithNothingSentAndCanBeReplayed() async throws {
        try await TestDatabase.with { db in
            let fixture = WebhookFixture(db: db)
            let secret = try await fixture.addSource()
            let body = #"{"type":"customer.updated"}"#
            try await fixture.withReceiver { client in
                let (status, _, _) = try await client.hook("shop", body, headers: try WebhookFixture.signed(body, secret: secret))
                #expect(status == .accepted)
            }
            let eventID = try await db.scalar("SELECT id FROM webhook_events", as: Int64.self)
            let events = EventStore(queue: db.queue)
            try await db.withWorker([EventProcessor(queue: db.queue)], configure: { $0.queues = [EventJobs.queue] }) {
                try await poll("the event to be processed") { try await events.status(eventID)?.status == "processed" }
                #expect(try await events.replay(eventID))
                try await poll("the replayed event to be processed") { try await events.status(eventID)?.status == "processed" }
            }
            #expect(try await db.scalar("SELECT count(*) FROM job_history WHERE kind = 'webhook.process' AND state = 'completed'", as: Int.self) == 2)
            #expect(try await db.scalar("SELECT count(*) FROM job_history WHERE kind = 'webhook.deliver'", as: Int.self) == 0)
            #expect(try await events.replay(999_999) == false)
        }
    }
}
