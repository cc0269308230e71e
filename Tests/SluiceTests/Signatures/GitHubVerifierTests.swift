import HTTPTypes
import Testing
import Webhooks

extension SignaturesTests {
    @Suite struct GitHubVerifierTests {
        // GitHub's published example (docs: "Validating webhook deliveries").
        static let secret = "It's a Secret to Everybody"
        static let body = Array("Hello, World!".utf8)
        static let signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
        static let delivery = "72d3162e-cc78-11e3-81ab-4c9367dc0958"

        let verifier = GitHubVerifier()
        let context = VerificationContext(secrets: [secret])

        static func headers(signature: String = signature, delivery: String? = delivery) -> HTTPFields {
            var headers = SignatureFixtures.fields(["X-Hub-Signature-256": signature])
            if let delivery { headers[HTTPField.Name("X-GitHub-Delivery")!] = delivery }
            return headers
        }

        @Test func publishedVectorVerifiesAndReturnsTheDeliveryID() throws {
            #expect(try verifier.verify(headers: Self.headers(), body: Self.body, context: context) == Self.delivery)
        }

        @Test func deliveryIDIsOptional() throws {
            #expect(try verifier.verify(headers: Self.headers(delivery: nil), body: Self.body, context: context) == nil)
        }

        @Test func lowercaseHeaderNameWorks() throws {
            let headers = SignatureFixtures.fields(["x-hub-signature-256": Self.signature, "x-github-delivery": Self.delivery])
            #expect(try verifier.verify(headers: headers, body: Self.body, context: context) == Self.delivery)
        }

        @Test func tamperedBodyFails() {
            #expect(throws: VerificationError.badSignature) {
                try verifier.verify(headers: Self.headers(), body: SignatureFixtures.changingByte(at: 0, of: Self.body), context: context)
            }
        }

        @Test(arguments: [7, 20, 70])
        func tamperedSignatureFails(offset: Int) {
            let headers = Self.headers(signature: SignatureFixtures.changingCharacter(at: offset, of: Self.signature))
            #expect(throws: VerificationError.badSignature) {
                try verifier.verify(headers: headers, body: Self.body, context: context)
            }
        }

        @Test func secondSecretMatchesDuringRotation() throws {
            let context = VerificationContext(secrets: ["the new secret", Self.secret])
            #expect(try verifier.verify(headers: Self.headers(), body: Self.body, context: context) == Self.delivery)
        }

        @Test func emptySecretNeverVerifies() {
            // Anybody can compute an HMAC under an empty key, so an empty configured secret must not accept it.
            let forged = "sha256=" + SignatureFixtures.hex(SignatureFixtures.hmac(Self.body, secret: ""))
            #expect(throws: VerificationError.badSignature) {
                try verifier.verify(headers: Self.headers(signature: forged), body: Self.body, context: VerificationContext(secrets: [""]))
            }
        }

        @Test func missingSignatureHeader() {
            #expect(throws: VerificationError.missingHeader("X-Hub-Signature-256")) {
                try verifier.verify(headers: [:], body: Self.body, context: context)
            }
        }

        @Test(arguments: ["757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", "sha1=abc", " "])
        func headerWithoutTheSchemePrefixIsMalformed(value: String) {
            #expect(throws: VerificationError.malformedHeader("X-Hub-Signature-256")) {
                try verifier.verify(headers: Self.headers(signature: value), body: Self.body, context: context)
            }
        }

        @Test(arguments: ["sha256=", "sha256=zz", "sha256=757107ea"])
        func signatureThatIsNotAValidDigestIsBad(value: String) {
            #expect(throws: VerificationError.badSignature) {
                try verifier.verify(headers: Self.headers(signature: value), body: Self.body, context: context)
            }
        }
    }
}
