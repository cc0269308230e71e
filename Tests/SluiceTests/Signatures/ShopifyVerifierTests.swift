import HTTPTypes
import Testing
import Webhooks

extension SignaturesTests {
    @Suite struct ShopifyVerifierTests {
        static let secret = "shpss_8f2c1d0e9b7a6c5d4e3f2a1b"
        static let body = Array(#"{"id":820982911946154508,"email":"jon@example.com"}"#.utf8)
        static let webhookID = "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"

        let verifier = ShopifyVerifier()
        let context = VerificationContext(secrets: [secret])

        /// Computed independently: base64 HMAC-SHA256 of the body under the secret's UTF-8 bytes.
        static let signature = SignatureFixtures.base64(SignatureFixtures.hmac(body, secret: secret))

        static func headers(signature: String = signature, webhookID: String? = webhookID) -> HTTPFields {
            var headers = SignatureFixtures.fields(["X-Shopify-Hmac-Sha256": signature])
            if let webhookID { headers[HTTPField.Name("X-Shopify-Webhook-Id")!] = webhookID }
            return headers
        }

        @Test func validSignatureVerifiesAndReturnsTheWebhookID() throws {
            #expect(try verifier.verify(headers: Self.headers(), body: Self.body, context: context) == Self.webhookID)
        }

        @Test func webhookIDIsOptional() throws {
            #expect(try verifier.verify(headers: Self.headers(webhookID: nil), body: Self.body, context: context) == nil)
        }

        @Test func tamperedBodyFails() {
            #expect(throws: VerificationError.badSignature) {
                try verifier.verify(headers: Self.headers(), body: SignatureFixtures.changingByte(at: 3, of: Self.body), context: context)
            }
        }

        @Test func tamperedSignatureFails() {
            let headers = Self.headers(signature: SignatureFixtures.changingCharacter(at: 5, of: Self.signature))
            #expect(throws: VerificationError.badSignature) {
                try verifier.verify(headers: headers, body: Self.body, context: context)
            }
        }

        @Test func hexInsteadOfBase64Fails() {
            let headers = Self.headers(signature: SignatureFixtures.hex(SignatureFixtures.hmac(Self.body, secret: Self.secret)))
            #expect(throws: VerificationError.badSignature) {
                try verifier.verify(headers: headers, body: Self.body, context: context)
            }
        }

        @Test func secondSecretMatchesDuringRotation() throws {
            let context = VerificationContext(secrets: ["shpss_new", Self.secret])
            #expect(try verifier.verify(headers: Self.headers(), body: Self.body, context: context) == Self.webhookID)
        }

        @Test func missingSignatureHeader() {
            #expect(throws: VerificationError.missingHeader("X-Shopify-Hmac-Sha256")) {
                try verifier.verify(headers: [:], body: Self.body, context: context)
            }
        }

        @Test func blankSignatureHeaderIsMalformed() {
            #expect(throws: VerificationError.malformedHeader("X-Shopify-Hmac-Sha256")) {
                try verifier.verify(headers: Self.headers(signature: " "), body: Self.body, context: context)
            }
        }
    }
}
