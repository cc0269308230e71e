import HTTPTypes
import Testing
import Webhooks

extension SignaturesTests {
    @Suite struct HMACHeaderVerifierTests {
        static let secret = "a-shared-secret-for-a-custom-sender"
        static let body = Array(#"{"event":"order.created","order":1234}"#.utf8)
        /// Computed independently: HMAC-SHA256 of the body under the secret's UTF-8 bytes.
        static let mac = SignatureFixtures.hmac(body, secret: secret)
        static let validHex = "sha256=" + SignatureFixtures.hex(mac)
        static let validBase64 = SignatureFixtures.base64(mac)

        static let hexWithPrefix = HMACHeaderSettings(header: "X-Signature", encoding: .hex, prefix: "sha256=")
        static let base64Bare = HMACHeaderSettings(header: "X-Acme-Signature", encoding: .base64)

        /// Sends `value` in header `name` to a source configured with `settings`.
        func verify(
            _ name: String, _ value: String, _ settings: HMACHeaderSettings?, body: [UInt8] = body, secrets: [String] = [secret]
        ) throws(VerificationError) -> String? {
            let context = VerificationContext(secrets: secrets, hmacHeader: settings)
            return try HMACHeaderVerifier().verify(headers: SignatureFixtures.fields([name: value]), body: body, context: context)
        }

        @Test func hexWithPrefixVerifiesWithoutAnEventID() throws {
            #expect(try verify("x-signature", Self.validHex, Self.hexWithPrefix) == nil)
        }

        @Test func uppercaseHexIsAccepted() throws {
            #expect(try verify("X-Signature", "sha256=" + SignatureFixtures.hex(Self.mac).uppercased(), Self.hexWithPrefix) == nil)
        }

        @Test func base64WithoutPrefixVerifies() throws {
            #expect(try verify("X-Acme-Signature", Self.validBase64, Self.base64Bare) == nil)
        }

        @Test func tamperedBodyFails() {
            let body = SignatureFixtures.changingByte(at: 2, of: Self.body)
            #expect(throws: VerificationError.badSignature) { try verify("X-Signature", Self.validHex, Self.hexWithPrefix, body: body) }
            #expect(throws: VerificationError.badSignature) { try verify("X-Acme-Signature", Self.validBase64, Self.base64Bare, body: body) }
        }

        @Test func tamperedSignatureFails() {
            let hex = SignatureFixtures.changingCharacter(at: 12, of: Self.validHex)
            #expect(throws: VerificationError.badSignature) { try verify("X-Signature", hex, Self.hexWithPrefix) }
            let base64 = SignatureFixtures.changingCharacter(at: 4, of: Self.validBase64)
            #expect(throws: VerificationError.badSignature) { try verify("X-Acme-Signature", base64, Self.base64Bare) }
        }

        @Test func wrongEncodingFails() {
            // The right MAC, but in base64 where hex is configured.
            #expect(throws: VerificationError.badSignature) { try verify("X-Signature", "sha256=" + Self.validBase64, Self.hexWithPrefix) }
        }

        @Test func secondSecretMatchesDuringRotation() throws {
            #expect(try verify("X-Signature", Self.validHex, Self.hexWithPrefix, secrets: ["next-secret", Self.secret]) == nil)
        }

        @Test func missingHeaderIsTheConfiguredName() {
            #expect(throws: VerificationError.missingHeader("X-Signature")) { try verify("X-Other", Self.validHex, Self.hexWithPrefix) }
        }

        @Test func valueWithoutTheConfiguredPrefixIsMalformed() {
            #expect(throws: VerificationError.malformedHeader("X-Signature")) {
                try verify("X-Signature", SignatureFixtures.hex(Self.mac), Self.hexWithPrefix)
            }
        }

        @Test(arguments: [nil, HMACHeaderSettings(header: "not a token", encoding: .hex)])
        func missingOrInvalidSettingsVerifyNothing(settings: HMACHeaderSettings?) {
            #expect(throws: VerificationError.badSignature) { try verify("X-Signature", Self.validHex, settings) }
        }
    }
}
