import Egress
import Foundation
import HTTPTypes
import Outbound
import Queue
import Testing
import Webhooks

@Suite struct DeliverySigningTests {
    /// Checked by an independent implementation (PyPI `standardwebhooks`): during a rotation each live secret verifies.
    static let verifyScript = """
        import json, sys
        from standardwebhooks.webhooks import Webhook
        case = json.load(sys.stdin)
        for secret in case["secrets"]:
            Webhook(secret).verify(case["body"], case["headers"])
        print("verified", len(case["secrets"]))
        """

    @Test func duringARotationEveryLiveSecretSignsAndStandardWebhooksVerifiesEach() async throws {
        let partner = PartnerServer()
        try await partner.run { base in
            try await TestDatabase.with { db in
                let fixture = OutboundFixture(db: db)
                let app = try await fixture.application()
                let (endpoint, old) = try await fixture.endpoint(app, url: "\(base)/in", asymmetric: true)
                let new = try await fixture.endpoints.rotateSecret(applicationID: app.id, endpoint.id, overlap: .seconds(3600))
                let message = try await fixture.publish(app, payload: #"{"order":{"id":7,"total":"12.50"}}"#).message
                try await fixture.withDelivery {
                    try await poll("the delivery to succeed") { try await fixture.deliveries(of: message.id).first?.status == .succeeded }
                }
                let request = try #require(partner.requests("/in").first)
                let signature = try #require(request.headers[HTTPField.Name("webhook-signature")!])
                #expect(signature.split(separator: " ").map { $0.split(separator: ",")[0] } == ["v1", "v1", "v1a"])
                var headers: [String: String] = [:]
                for field in request.headers { headers[field.name.canonicalName] = field.value }
                let input = try JSONSerialization.data(withJSONObject: [
                    "secrets": [old, new], "body": String(decoding: request.body, as: UTF8.self), "headers": headers,
                ])
                let checked = try Python.run(Self.verifyScript, input: input)
                #expect(checked.status == 0)
                #expect(checked.output.contains("verified 2"))
                let publicKey = try #require(try await fixture.endpoints.get(applicationID: app.id, endpoint.id)?.publicKey)
                let verified = try StandardWebhooksVerifier().verify(
                    headers: request.headers, body: request.body, context: VerificationContext(secrets: [], publicKeys: [publicKey])
                )
                #expect(verified == message.webhookID)
            }
        }
    }

    @Test func refusedTargetIsAPermanentFailureWithItsReason() async throws {
        let partner = PartnerServer()
        try await partner.run { base in
            try await TestDatabase.with { db in
                let fixture = OutboundFixture(db: db)
                let app = try await fixture.application()
                _ = try await fixture.endpoint(app, url: base.replacingOccurrences(of: "127.0.0.1", with: "2130706433") + "/in")
                let message = try await fixture.publish(app).message
                try await fixture.withDelivery(guarded: true) {
                    try await poll("the delivery to be given up") { try await fixture.deliveries(of: message.id).first?.status == .failed }
                }
                #expect(partner.received.withLock { $0.isEmpty })
                let attempts = try #require(try await fixture.messages.detail(applicationID: app.id, message.id)?.attempts)
                #expect(attempts.count == 1)
                #expect(attempts.first?.error?.contains("loopback") == true)
                let state: String = try await db.scalar("SELECT state FROM job_history WHERE kind = 'message.deliver'")
                #expect(state == "discarded")
            }
        }
    }
}
