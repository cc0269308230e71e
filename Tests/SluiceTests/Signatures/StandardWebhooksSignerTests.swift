import Foundation
import HTTPTypes
import Testing
import Webhooks

extension SignaturesTests {
    @Suite struct StandardWebhooksSignerTests {
        typealias Vector = StandardWebhooksVerifierTests

        @Test func producesThePublishedVector() throws {
            let headers = try StandardWebhooksSigner.headers(
                id: Vector.id, timestamp: SignatureFixtures.date(Vector.timestamp), body: Vector.body, secret: Vector.secret)
            #expect(headers[HTTPField.Name("webhook-id")!] == Vector.id)
            #expect(headers[HTTPField.Name("webhook-timestamp")!] == "1614265330")
            #expect(headers[HTTPField.Name("webhook-signature")!] == Vector.signature)
            #expect(headers.count == 3)
        }

        @Test func truncatesTheTimestampToWholeSeconds() throws {
            let signature = try StandardWebhooksSigner.signature(
                id: Vector.id, timestamp: Date(timeIntervalSince1970: 1_614_265_330.999), body: Vector.body, secret: Vector.secret)
            #expect(signature == Vector.signature)
        }

        @Test func generatedSecretsAreWhsecBase64Of32RandomBytes() throws {
            let first = StandardWebhooksSigner.generateSecret()
            let second = StandardWebhooksSigner.generateSecret()
            #expect(first != second)
            #expect(first.hasPrefix("whsec_"))
            let key = try #require(Data(base64Encoded: String(first.dropFirst("whsec_".count))))
            #expect(key.count == 32)
        }

        @Test func whatItSignsTheVerifierAccepts() throws {
            let secret = StandardWebhooksSigner.generateSecret()
            let now = Date()
            let body = Array(#"{"type":"invoice.paid"}"#.utf8)
            let headers = try StandardWebhooksSigner.headers(id: "msg_1", timestamp: now, body: body, secret: secret)
            let context = VerificationContext(secrets: [secret], now: now)
            #expect(try StandardWebhooksVerifier().verify(headers: headers, body: body, context: context) == "msg_1")
        }

        @Test(arguments: ["whsec_not base64!", "whsec_", ""])
        func refusesASecretThatIsNotBase64(secret: String) {
            #expect(throws: StandardWebhooksSigner.InvalidSecret()) {
                try StandardWebhooksSigner.headers(id: "msg_1", timestamp: .now, body: [], secret: secret)
            }
        }
    }
}
