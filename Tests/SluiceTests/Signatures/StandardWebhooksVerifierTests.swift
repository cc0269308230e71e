import Foundation
import HTTPTypes
import Testing
import Webhooks

extension SignaturesTests {
    @Suite struct StandardWebhooksVerifierTests {
        // The published Standard Webhooks test vector.
        static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        static let id = "msg_p5jXN8AQM9LWM0D4loKWxJek"
        static let timestamp = 1_614_265_330
        static let body = Array(#"{"test": 2432232314}"#.utf8)
        static let signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

        let verifier = StandardWebhooksVerifier()

        static func headers(id: String = id, timestamp: String = String(timestamp), signature: String = signature) -> HTTPFields {
            SignatureFixtures.fields(["webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature])
        }

        static func context(secrets: [String] = [secret], now: Int = timestamp) -> VerificationContext {
            VerificationContext(secrets: secrets, tolerance: .seconds(300), now: SignatureFixtures.date(now))
        }

        @Test func publishedVectorVerifiesAndReturnsTheWebhookID() throws {
            #expect(try verifier.verify(headers: Self.headers(), body: Self.body, context: Self.context()) == Self.id)
        }

        @Test func secretWithoutPrefixIsBase64Too() throws {
            let bare = String(Self.secret.dropFirst("whsec_".count))
            #expect(try verifier.verify(headers: Self.headers(), body: Self.body, context: Self.context(secrets: [bare])) == Self.id)
        }

        @Test func headerNamesAreCaseInsensitive() throws {
            let headers = SignatureFixtures.fields([
                "Webhook-Id": Self.id, "WEBHOOK-TIMESTAMP": String(Self.timestamp), "Webhook-Signature": Self.signature,
            ])
            #expect(try verifier.verify(headers: headers, body: Self.body, context: Self.context()) == Self.id)
        }

        enum Tamper: CaseIterable {
            case bodyByte, id, timestamp, signatureCharacter
        }

        @Test(arguments: Tamper.allCases)
        func everyTamperedVariantFails(tamper: Tamper) {
            var headers = Self.headers()
            var body = Self.body
            switch tamper {
            case .bodyByte: body = SignatureFixtures.changingByte(at: 9, of: body)
            case .id: headers = Self.headers(id: "msg_p5jXN8AQM9LWM0D4loKWxJeK")
            // Still inside the tolerance, so only the signature can reject it.
            case .timestamp: headers = Self.headers(timestamp: String(Self.timestamp + 1))
            case .signatureCharacter: headers = Self.headers(signature: SignatureFixtures.changingCharacter(at: 10, of: Self.signature))
            }
            #expect(throws: VerificationError.badSignature) {
                try verifier.verify(headers: headers, body: body, context: Self.context())
            }
        }

        @Test func secondSignatureInTheHeaderMatches() throws {
            let other = "v1,\(SignatureFixtures.base64(Array(repeating: 7, count: 32)))"
            let headers = Self.headers(signature: "\(other) \(Self.signature)")
            #expect(try verifier.verify(headers: headers, body: Self.body, context: Self.context()) == Self.id)
        }

        @Test func signaturesFromRepeatedHeaderFieldsAllCount() throws {
            var headers = Self.headers(signature: "v1,\(SignatureFixtures.base64(Array(repeating: 7, count: 32)))")
            headers.append(HTTPField(name: HTTPField.Name("webhook-signature")!, value: Self.signature))
            #expect(try verifier.verify(headers: headers, body: Self.body, context: Self.context()) == Self.id)
        }

        @Test func secondSecretMatchesDuringRotation() throws {
            let context = Self.context(secrets: ["whsec_" + SignatureFixtures.base64(Array(repeating: 1, count: 24)), Self.secret])
            #expect(try verifier.verify(headers: Self.headers(), body: Self.body, context: context) == Self.id)
        }

        @Test func noSecretThatMatchesIsABadSignature() {
            let context = Self.context(secrets: ["whsec_" + SignatureFixtures.base64(Array(repeating: 1, count: 24))])
            #expect(throws: VerificationError.badSignature) {
                try verifier.verify(headers: Self.headers(), body: Self.body, context: context)
            }
        }

        @Test(arguments: [[String](), ["whsec_not base64!"], ["whsec_"]])
        func unusableSecretsVerifyNothing(secrets: [String]) {
            #expect(throws: VerificationError.badSignature) {
                try verifier.verify(headers: Self.headers(), body: Self.body, context: Self.context(secrets: secrets))
            }
        }

        @Test func unknownVersionsAreSkipped() throws {
            let sameBytesOtherVersion = "v2," + Self.signature.dropFirst(3)
            #expect(throws: VerificationError.badSignature) {
                try verifier.verify(headers: Self.headers(signature: sameBytesOtherVersion), body: Self.body, context: Self.context())
            }
            let mixed = Self.headers(signature: "\(sameBytesOtherVersion) v3,whatever \(Self.signature)")
            #expect(try verifier.verify(headers: mixed, body: Self.body, context: Self.context()) == Self.id)
        }

        @Test func entryThatIsNotBase64JustDoesNotMatch() throws {
            #expect(throws: VerificationError.badSignature) {
                try verifier.verify(headers: Self.headers(signature: "v1,@@@not-base64@@@"), body: Self.body, context: Self.context())
            }
            let mixed = Self.headers(signature: "v1,@@@not-base64@@@ \(Self.signature)")
            #expect(try verifier.verify(headers: mixed, body: Self.body, context: Self.context()) == Self.id)
        }

        @Test(arguments: [-301, 301, -86_400, 86_400])
        func staleTimestampsAreRejectedInBothDirections(offset: Int) {
            // Positive: the request is old (a replay). Negative: it claims to come from the future.
            #expect(throws: VerificationError.staleTimestamp) {
                try verifier.verify(headers: Self.headers(), body: Self.body, context: Self.context(now: Self.timestamp + offset))
            }
        }

        @Test(arguments: [-300, 300])
        func timestampsAtTheToleranceEdgeAreAccepted(offset: Int) throws {
            let context = Self.context(now: Self.timestamp + offset)
            #expect(try verifier.verify(headers: Self.headers(), body: Self.body, context: context) == Self.id)
        }

        @Test(arguments: ["webhook-id", "webhook-timestamp", "webhook-signature"])
        func missingHeaderIsNamed(name: String) {
            var headers = Self.headers()
            headers[HTTPField.Name(name)!] = nil
            #expect(throws: VerificationError.missingHeader(name)) {
                try verifier.verify(headers: headers, body: Self.body, context: Self.context())
            }
        }

        @Test(arguments: ["soon", "1614265330.5", "", "0x60377a32"])
        func unparseableTimestampIsMalformed(timestamp: String) {
            #expect(throws: VerificationError.malformedHeader("webhook-timestamp")) {
                try verifier.verify(headers: Self.headers(timestamp: timestamp), body: Self.body, context: Self.context())
            }
        }

        @Test(arguments: ["garbage", "  ", "v1 g0hM9SsE"])
        func signatureHeaderWithNoEntriesIsMalformed(signature: String) {
            #expect(throws: VerificationError.malformedHeader("webhook-signature")) {
                try verifier.verify(headers: Self.headers(signature: signature), body: Self.body, context: Self.context())
            }
        }

        @Test func tooManySignaturesIsMalformed() {
            let many = Array(repeating: Self.signature, count: 9).joined(separator: " ")
            #expect(throws: VerificationError.malformedHeader("webhook-signature")) {
                try verifier.verify(headers: Self.headers(signature: many), body: Self.body, context: Self.context())
            }
        }
    }
}
