import Foundation
import HTTPTypes
import Outbound
import Queue
import Testing
import Webhooks

@Suite struct DeliveryTests {
    @Test func deliversSignedPayloadAndLogsTheAttempt() async throws {
        let partner = PartnerServer()
        try await partner.run { base in
            try await TestDatabase.with { db in
                let fixture = OutboundFixture(db: db)
                let app = try await fixture.application()
                let (endpoint, secret) = try await fixture.endpoint(app, url: "\(base)/in")
                _ = try await fixture.endpoints.update(applicationID: app.id, endpoint.id, EndpointChange(headers: ["X-Team": "blue"]))
                let payload = #"{"id":42,"type":"order.created"}"#
                let published = try await fixture.publish(app, payload: payload)
                #expect(published.deliveries == 1)
                try await fixture.withDelivery {
                    try await poll("the delivery to succeed") { try await fixture.deliveries(of: published.message.id).first?.status == .succeeded }
                }
                let request = try #require(partner.requests("/in").first)
                #expect(partner.requests("/in").count == 1)
                #expect(request.body == Array(payload.utf8))
                #expect(request.headers[.contentType] == "application/json")
                #expect(request.headers[.userAgent]?.hasPrefix("Sluice/") == true)
                #expect(request.headers[HTTPField.Name("X-Team")!] == "blue")
                let id = try StandardWebhooksVerifier().verify(headers: request.headers, body: request.body, context: VerificationContext(secrets: [secret]))
                #expect(id == "msg_\(published.message.id)")
                let detail = try #require(try await fixture.messages.detail(applicationID: app.id, published.message.id))
                #expect(detail.attempts.count == 1)
                #expect(detail.attempts.first?.statusCode == 200)
                #expect(detail.attempts.first?.succeeded == true)
                #expect(detail.deliveries.first?.attempts == 1)
            }
        }
    }
}
