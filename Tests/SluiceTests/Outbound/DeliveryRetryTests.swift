import Foundation
import HTTPTypes
import Outbound
import Queue
import Testing

@Suite struct DeliveryRetryTests {
    @Test func failedAttemptIsRetriedHonouringRetryAfterAndEveryAttemptIsLogged() async throws {
        let partner = PartnerServer()
        partner.reply("/flaky", .init(status: .serviceUnavailable, headers: [.retryAfter: "2"], body: "busy, come back"))
        try await partner.run { base in
            try await TestDatabase.with { db in
                let fixture = OutboundFixture(db: db)
                let app = try await fixture.application(schedule: [1, 1])
                _ = try await fixture.endpoint(app, url: "\(base)/flaky")
                let message = try await fixture.publish(app).message
                try await fixture.withDelivery {
                    try await poll("the first attempt") { !partner.requests("/flaky").isEmpty }
                    partner.reply("/flaky", .init())
                    try await poll("the retry to succeed") { try await fixture.deliveries(of: message.id).first?.status == .succeeded }
                }
                let requests = partner.requests("/flaky")
                #expect(requests.count == 2)
                let gap = requests[1].at.timeIntervalSince(requests[0].at)
                #expect(gap >= 1.6, "Retry-After 2 s is honoured within [scheduled, 2 × scheduled] of a ~1 s schedule; waited \(gap) s")
                #expect(requests[0].headers[HTTPField.Name("webhook-id")!] == requests[1].headers[HTTPField.Name("webhook-id")!])
                let log = try #require(try await fixture.messages.detail(applicationID: app.id, message.id)).attempts
                #expect(log.map(\.statusCode) == [503, 200])
                #expect(log.map(\.attempt) == [1, 2])
                #expect(log[0].responseBody == "busy, come back")
                let headers = try JSONSerialization.jsonObject(with: Data(log[0].responseHeaders.utf8)) as? [String: String]
                #expect(headers?["retry-after"] == "2")
                #expect(log[0].error?.contains("HTTP 503") == true)
            }
        }
    }

    @Test func redirectIsAFailedAttemptAndIsNotFollowed() async throws {
        let partner = PartnerServer()
        try await partner.run { base in
            partner.reply("/moved", .init(status: .found, headers: [.location: "\(base)/elsewhere"]))
            try await TestDatabase.with { db in
                let fixture = OutboundFixture(db: db)
                let app = try await fixture.application(schedule: [3600])
                _ = try await fixture.endpoint(app, url: "\(base)/moved")
                let message = try await fixture.publish(app).message
                try await fixture.withDelivery {
                    try await poll("the attempt to be logged") { try await fixture.deliveries(of: message.id).first?.attempts == 1 }
                }
                let delivery = try #require(try await fixture.deliveries(of: message.id).first)
                #expect(delivery.status == .pending)
                let next = try #require(delivery.nextAttemptAt)
                #expect(next.timeIntervalSinceNow > 2000)
                #expect(partner.requests("/elsewhere").isEmpty)
                #expect(try await fixture.messages.detail(applicationID: app.id, message.id)?.attempts.first?.statusCode == 302)
            }
        }
    }

    @Test func exhaustedDeliveryIsAnnouncedAndRecoverSendsOnlyTheFailed() async throws {
        let partner = PartnerServer()
        try await partner.run { base in
            try await TestDatabase.with { db in
                let fixture = OutboundFixture(db: db)
                let app = try await fixture.application(schedule: [1])
                let (down, _) = try await fixture.endpoint(app, url: "\(base)/down", eventTypes: ["order.*"])
                _ = try await fixture.endpoint(app, url: "\(base)/ops", eventTypes: [OperationalEvent.attemptExhausted.rawValue])
                try await fixture.withDelivery {
                    let delivered = try await fixture.publish(app).message
                    try await poll("the first message to be delivered") { try await fixture.deliveries(of: delivered.id).first?.status == .succeeded }
                    partner.reply("/down", .init(status: .internalServerError))
                    let failed = try await fixture.publish(app).message
                    try await poll("the second message to run out of attempts") { try await fixture.deliveries(of: failed.id).first?.status == .failed }
                    try await poll("the exhaustion to be announced") { !partner.requests("/ops").isEmpty }
                    let notice = try #require(partner.requests("/ops").first)
                    let json = try #require(try JSONSerialization.jsonObject(with: Data(notice.body)) as? [String: Any])
                    #expect(json["type"] as? String == "message.attempt.exhausted")
                    #expect((json["data"] as? [String: Any])?["message_id"] as? String == failed.webhookID)
                    #expect(partner.requests("/down").count == 3)
                    partner.reply("/down", .init())
                    let resent = try await fixture.messages.recover(app, endpointID: down.id, since: .now - 3600, until: nil)
                    #expect(resent == 1)
                    try await poll("the recovered message to be delivered") { try await fixture.deliveries(of: failed.id).first?.status == .succeeded }
                    #expect(partner.requests("/down").count == 4)
                    #expect(try await fixture.deliveries(of: failed.id).first?.attempts == 3)
                }
            }
        }
    }

    @Test func recoverRefusesAWindowOlderThanFourteenDays() async throws {
        try await TestDatabase.with { db in
            let fixture = OutboundFixture(db: db)
            let app = try await fixture.application()
            let (endpoint, _) = try await fixture.endpoint(app, url: "https://partner.example.com/in")
            await #expect(throws: OutboundError.invalid(field: "since", reason: "must be within the last 14 days")) {
                try await fixture.messages.recover(app, endpointID: endpoint.id, since: .now - 15 * 86400, until: nil)
            }
        }
    }
}
