import Foundation
import Outbound
import Queue
import Testing

@Suite struct DeliveryIsolationTests {
    @Test func hundredConcurrentDeliveriesToOneSlowEndpointAllSucceedAtTheFirstAttempt() async throws {
        let partner = PartnerServer()
        partner.reply("/slow", .init(delay: .seconds(1)))
        try await partner.run { base in
            try await TestDatabase.with { db in
                let fixture = OutboundFixture(db: db)
                let app = try await fixture.application()
                _ = try await fixture.endpoint(app, url: "\(base)/slow", maxConcurrency: 100)
                // Published before the worker starts, so the time measured is the deliveries' alone, however long
                // publishing takes on a loaded machine.
                for index in 0..<100 { try await fixture.publish(app, payload: #"{"n":\#(index)}"#) }
                try await fixture.withDelivery(configure: { $0.concurrency = 200 }) {
                    let started = ContinuousClock.now
                    try await poll("all 100 deliveries to succeed", timeout: .seconds(20)) {
                        try await db.scalar("SELECT count(*)::int8 FROM deliveries WHERE status = 'succeeded'", as: Int.self) == 100
                    }
                    let elapsed = ContinuousClock.now - started
                    #expect(elapsed < .seconds(10), "100 deliveries answering in 1 s took \(elapsed); one connection pool of 8 would take 13 s")
                }
                #expect(try await db.scalar("SELECT max(attempt)::int8 FROM delivery_attempts", as: Int.self) == 1)
                #expect(try await db.scalar("SELECT count(*)::int8 FROM delivery_attempts", as: Int.self) == 100)
                #expect(partner.requests("/slow").count == 100)
            }
        }
    }

    @Test func slowEndpointDoesNotDelayAFastOne() async throws {
        let partner = PartnerServer()
        partner.reply("/slow", .init(delay: .seconds(10)))
        try await partner.run { base in
            try await TestDatabase.with { db in
                let fixture = OutboundFixture(db: db)
                let app = try await fixture.application()
                let (slow, _) = try await fixture.endpoint(app, url: "\(base)/slow")
                let (fast, _) = try await fixture.endpoint(app, url: "\(base)/fast")
                // Published before the worker starts: the slow endpoint's 10 s then begin with the deliveries, not
                // somewhere in a publishing loop that a loaded machine stretches.
                for index in 0..<120 { try await fixture.publish(app, payload: #"{"n":\#(index)}"#) }
                try await fixture.withDelivery(configure: { $0.concurrency = 100; $0.shutdownGrace = .milliseconds(200) }) {
                    let started = ContinuousClock.now
                    try await poll("every delivery to the fast endpoint to succeed", timeout: .seconds(8)) {
                        try await db.scalar("SELECT count(*)::int8 FROM deliveries WHERE endpoint_id = \(fast.id) AND status = 'succeeded'", as: Int.self) == 120
                    }
                    #expect(ContinuousClock.now - started < .seconds(8), "the slow endpoint answers after 10 s")
                    #expect(try await db.scalar("SELECT count(*)::int8 FROM deliveries WHERE endpoint_id = \(slow.id) AND status = 'succeeded'", as: Int.self) == 0)
                    // In flight at once: the slow requests that arrived before the first of them could be answered.
                    let slowRequests = partner.requests("/slow").map(\.at).sorted()
                    let first = try #require(slowRequests.first)
                    #expect(slowRequests.filter { $0 < first.addingTimeInterval(10) }.count <= DeliverySettings().endpointConcurrency)
                }
            }
        }
    }

    @Test func deliverySlowerThanTheLeaseIsSentOnce() async throws {
        let partner = PartnerServer()
        partner.reply("/slow", .init(delay: .seconds(4)))
        try await partner.run { base in
            try await TestDatabase.with { db in
                let fixture = OutboundFixture(db: db)
                let app = try await fixture.application()
                _ = try await fixture.endpoint(app, url: "\(base)/slow")
                let message = try await fixture.publish(app).message
                try await fixture.withDelivery(configure: { $0.lease = .milliseconds(1500); $0.maintenanceInterval = .milliseconds(200) }) {
                    try await poll("the delivery to succeed") { try await fixture.deliveries(of: message.id).first?.status == .succeeded }
                }
                #expect(partner.requests("/slow").count == 1)
                #expect(try await fixture.deliveries(of: message.id).first?.attempts == 1)
            }
        }
    }
}
