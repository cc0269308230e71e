import Foundation
import HTTPTypes
import Testing
import Webhooks

extension SignaturesTests {
    @Suite struct StripeVerifierTests {
        // Deliberately valid base64 after `whsec_`, so decoding it (the Standard Webhooks way) would give a different key.
        static let secret = "whsec_dGVzdC1zdHJpcGUtc2lnbmluZy1zZWNyZXQ="
        static let timestamp = 1_700_000_000
        static let body = Array(#"{"id": "evt_1NG8Du2eZvKYlo2CUI79vXWy", "object": "event", "type": "invoice.paid"}"#.utf8)

        let verifier = StripeVerifier()

        /// Computed independently: hex HMAC-SHA256 of "<t>.<body>" under the secret's UTF-8 bytes.
        static func sign(timestamp: Int = timestamp, body: [UInt8] = body, secret: String = secret) -> String {
            SignatureFixtures.hex(SignatureFixtures.hmac(Array("\(timestamp).".utf8) + body, secret: secret))
        }

        static func headers(_ value: String) -> HTTPFields {
            SignatureFixtures.fields(["Stripe-Signature": value])
        }

        static var validHeader: String { "t=\(timestamp),v1=\(sign())" }

        static func context(secrets: [String] = [secret], now: Int = timestamp) -> VerificationContext {
            VerificationContext(secrets: secrets, tolerance: .seconds(300), now: SignatureFixtures.date(now))
        }

        @Test func validSignatureVerifiesAndReturnsTheEventID() throws {
            #expect(
                try verifier.verify(headers: Self.headers(Self.validHeader), body: Self.body, context: Self.context())
                    == "evt_1NG8Du2eZvKYlo2CUI79vXWy")
        }

        @Test func keyIsTheWholeSecretStringNotItsBase64Decoding() throws {
            let decoded = Array(try #require(Data(base64Encoded: String(Self.secret.dropFirst("whsec_".count)))))
            let content = Array("\(Self.timestamp).".utf8) + Self.body
            for wrongKey in [decoded, Array(Self.secret.dropFirst("whsec_".count).utf8)] {
                let header = "t=\(Self.timestamp),v1=\(SignatureFixtures.hex(SignatureFixtures.hmac(content, key: wrongKey)))"
                #expect(throws: VerificationError.badSignature) {
                    try verifier.verify(headers: Self.headers(header), body: Self.body, context: Self.context())
                }
            }
        }

        @Test(arguments: [Array("{}".utf8), Array("not json".utf8), Array(#"{"id": 42}"#.utf8), Array(#"[{"id": "evt_1"}]"#.utf8)])
        func eventIDIsNilWithoutATopLevelStringID(body: [UInt8]) throws {
            let header = "t=\(Self.timestamp),v1=\(Self.sign(body: body))"
            #expect(try verifier.verify(headers: Self.headers(header), body: body, context: Self.context()) == nil)
        }

        @Test func tamperedBodyFails() {
            #expect(throws: VerificationError.badSignature) {
                try verifier.verify(
                    headers: Self.headers(Self.validHeader), body: SignatureFixtures.changingByte(at: 12, of: Self.body), context: Self.context())
            }
        }

        @Test func tamperedSignatureFails() {
            let header = SignatureFixtures.changingCharacter(at: "t=\(Self.timestamp),v1=".count + 5, of: Self.validHeader)
            #expect(throws: VerificationError.badSignature) {
                try verifier.verify(headers: Self.headers(header), body: Self.body, context: Self.context())
            }
        }

        @Test func tamperedTimestampFails() {
            let header = "t=\(Self.timestamp + 1),v1=\(Self.sign())"
            #expect(throws: VerificationError.badSignature) {
                try verifier.verify(headers: Self.headers(header), body: Self.body, context: Self.context())
            }
        }

        @Test func secondV1SignatureMatches() throws {
            let header = "t=\(Self.timestamp),v1=\(Self.sign(secret: "old")),v1=\(Self.sign())"
            #expect(try verifier.verify(headers: Self.headers(header), body: Self.body, context: Self.context()) != nil)
        }

        @Test func secondSecretMatchesDuringRotation() throws {
            let context = Self.context(secrets: ["whsec_new", Self.secret])
            #expect(try verifier.verify(headers: Self.headers(Self.validHeader), body: Self.body, context: context) != nil)
        }

        @Test func otherSchemesAreIgnored() throws {
            // A valid MAC under v0 must not be accepted; v0 next to a valid v1 is harmless.
            #expect(throws: VerificationError.badSignature) {
                try verifier.verify(headers: Self.headers("t=\(Self.timestamp),v0=\(Self.sign())"), body: Self.body, context: Self.context())
            }
            let mixed = "t=\(Self.timestamp),v0=\(Self.sign()),v1=\(Self.sign())"
            #expect(try verifier.verify(headers: Self.headers(mixed), body: Self.body, context: Self.context()) != nil)
        }

        @Test func nonHexV1JustDoesNotMatch() throws {
            #expect(throws: VerificationError.badSignature) {
                try verifier.verify(headers: Self.headers("t=\(Self.timestamp),v1=xyz"), body: Self.body, context: Self.context())
            }
            let mixed = "t=\(Self.timestamp),v1=xyz,v1=\(Self.sign())"
            #expect(try verifier.verify(headers: Self.headers(mixed), body: Self.body, context: Self.context()) != nil)
        }

        @Test(arguments: [301, -301])
        func staleTimestampsAreRejectedInBothDirections(age: Int) {
            // The header is correctly signed for its own timestamp; only its age is wrong.
            #expect(throws: VerificationError.staleTimestamp) {
                try verifier.verify(headers: Self.headers(Self.validHeader), body: Self.body, context: Self.context(now: Self.timestamp + age))
            }
        }

        @Test func missingHeader() {
            #expect(throws: VerificationError.missingHeader("Stripe-Signature")) {
                try verifier.verify(headers: [:], body: Self.body, context: Self.context())
            }
        }

        @Test(arguments: ["v1=abc", "garbage", "t=soon,v1=abc", "t=1700000000,t=1700000000,v1=abc", ""])
        func unparseableHeaderIsMalformed(value: String) {
            #expect(throws: VerificationError.malformedHeader("Stripe-Signature")) {
                try verifier.verify(headers: Self.headers(value), body: Self.body, context: Self.context())
            }
        }
    }
}
