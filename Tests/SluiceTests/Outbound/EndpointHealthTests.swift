import Foundation
import Outbound
import Queue
import Testing

@Suite struct EndpointHealthTests {
    @Test func goneDisablesTheEndpointAtOnceWithAnAuditRowAndAnOperationalEvent() async throws {
        let partner = PartnerServer()
        partner.reply("/gone", .init(status: .gone))
        try await partner.run { base in
            try await TestDatabase.with { db in
                let fixture = OutboundFixture(db: db)
                let app = try await fixture.application()
                let (gone, _) = try await fixture.endpoint(app, url: "\(base)/gone")
                _ = try await fixture.endpoint(app, url: "\(base)/ops", eventTypes: [OperationalEvent.endpointDisabled.rawValue])
                let message = try await fixture.publish(app).message
                try await fixture.withDelivery {
                    try await poll("the endpoint to be disabled and it announced") {
                        try await fixture.endpoints.get(applicationID: app.id, gone.id)?.enabled == false && !partner.requests("/ops").isEmpty
                    }
                }
                let endpoint = try #require(try await fixture.endpoints.get(applicationID: app.id, gone.id))
                #expect(endpoint.disabledReason == "the endpoint answered 410 Gone")
                #expect(partner.requests("/gone").count == 1)
                #expect(try await fixture.deliveries(of: message.id).first { $0.endpointID == gone.id }?.status == .failed)
                let json = try #require(try JSONSerialization.jsonObject(with: Data(partner.requests("/ops")[0].body)) as? [String: Any])
                #expect(json["type"] as? String == "endpoint.disabled")
                #expect((json["data"] as? [String: Any])?["endpoint_id"] as? Int == Int(gone.id))
                let actor: String = try await db.scalar("SELECT actor FROM audit_log WHERE action = 'endpoint.disable' AND resource_id = \(String(gone.id))")
                #expect(actor == "sluice-worker")
            }
        }
    }

    @Test func endpointFailingForTheWholeWindowIsDisabledAndASuccessResetsTheStreak() async throws {
        let partner = PartnerServer()
        partner.reply("/down", .init(status: .badGateway))
        try await partner.run { base in
            try await TestDatabase.with { db in
                let fixture = OutboundFixture(db: db)
                let app = try await fixture.application(schedule: [1, 1, 1, 1, 1, 1])
                let (down, _) = try await fixture.endpoint(app, url: "\(base)/down")
                let (flaky, _) = try await fixture.endpoint(app, url: "\(base)/flaky")
                _ = try await fixture.endpoint(app, url: "\(base)/ops", eventTypes: [OperationalEvent.endpointDisabled.rawValue])
                var settings = DeliverySettings()
                settings.disableAfter = .seconds(1)
                try await fixture.withDelivery(settings) {
                    try await fixture.publish(app)
                    try await poll("the failing endpoint to be disabled") { try await fixture.endpoints.get(applicationID: app.id, down.id)?.enabled == false }
                    try await poll("the disabling to be announced") { !partner.requests("/ops").isEmpty }
                }
                let endpoint = try #require(try await fixture.endpoints.get(applicationID: app.id, down.id))
                #expect(endpoint.disabledReason?.hasPrefix("every attempt failed for") == true)
                let healthy = try #require(try await fixture.endpoints.get(applicationID: app.id, flaky.id))
                #expect(healthy.enabled)
                #expect(healthy.failingSince == nil)
                #expect(healthy.lastSuccessAt != nil)
                let enabled = try await fixture.endpoints.update(applicationID: app.id, down.id, EndpointChange(enabled: true))
                #expect(enabled.enabled && enabled.disabledReason == nil && enabled.failingSince == nil)
            }
        }
    }
}
