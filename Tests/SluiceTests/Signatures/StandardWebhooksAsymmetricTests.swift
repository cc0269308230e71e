import Foundation
import HTTPTypes
import Testing
import Webhooks

extension SignaturesTests {
    /// `v1a` (Ed25519) signing and verification, and the `whsk_`/`whpk_` key formats.
    @Suite struct StandardWebhooksAsymmetricTests {
        typealias Vector = StandardWebhooksVerifierTests

        // The asymmetric vector of the Standard Webhooks reference library (Go, `TestAsymmetricWebhookSign`): the
        // 32-byte seed "TESTSIGNINGKEYDONOTUSETHISFORANY" signs the same message as the published `v1` vector.
        static let privateKey = "whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk="
        static let signature = "v1a,tQ9V2XOqn7jL/DQenEFpqIugdBVtiMmER5mhSkXBNwM0mkATuDe6KYYUuxqtaiHeYGb7KaaBRdM5WqyeFiL8Ag=="
        // Derived from the seed by an independent implementation (Python's `cryptography`).
        static let publicKey = "whpk_ZlN4eg7dSSqi0moX9hQUk3orrOouK3QVQSlJa248c/g="

        let verifier = StandardWebhooksVerifier()
        static let signatureName = HTTPField.Name("webhook-signature")!

        static func context(secrets: [String] = [], publicKeys: [String] = [publicKey], now: Date) -> VerificationContext {
            VerificationContext(secrets: secrets, publicKeys: publicKeys, tolerance: .seconds(300), now: now)
        }

        static var vectorContext: VerificationContext { context(now: SignatureFixtures.date(Vector.timestamp)) }

        @Test func signingTheReferenceVectorGivesItsSignature() throws {
            let headers = try StandardWebhooksSigner.headers(
                id: Vector.id, timestamp: SignatureFixtures.date(Vector.timestamp), body: Vector.body, secrets: [], signingKeys: [Self.privateKey])
            #expect(headers[Self.signatureName] == Self.signature)
            #expect(headers[HTTPField.Name("webhook-timestamp")!] == "1614265330")
            #expect(headers.count == 3)
        }

        @Test func publicKeyOfTheReferenceSeedMatchesAnIndependentDerivation() throws {
            #expect(try StandardWebhooksSigner.publicKey(of: Self.privateKey) == Self.publicKey)
            // The reference library also reads a seed without its prefix.
            #expect(try StandardWebhooksSigner.publicKey(of: String(Self.privateKey.dropFirst(5))) == Self.publicKey)
        }

        @Test func aV1aOnlyHeaderVerifiesUnderItsPublicKey() throws {
            let headers = Vector.headers(signature: Self.signature)
            #expect(try verifier.verify(headers: headers, body: Vector.body, context: Self.vectorContext) == Vector.id)
        }

        @Test func aV1aOnlyHeaderWithoutAMatchingPublicKeyIsABadSignature() {
            let headers = Vector.headers(signature: Self.signature)
            let other = StandardWebhooksSigner.generateSigningKey().publicKey
            let now = SignatureFixtures.date(Vector.timestamp)
            // A secret alone cannot verify a v1a entry, nor can another key, nor a public key offered as a secret.
            for context in [
                Self.context(secrets: [Vector.secret], publicKeys: [], now: now), Self.context(publicKeys: [other], now: now),
                Self.context(secrets: [Self.publicKey], publicKeys: [], now: now),
            ] {
                #expect(throws: VerificationError.badSignature) {
                    try verifier.verify(headers: headers, body: Vector.body, context: context)
                }
            }
        }

        @Test func secondPublicKeyMatchesDuringRotation() throws {
            let context = Self.context(publicKeys: [StandardWebhooksSigner.generateSigningKey().publicKey, Self.publicKey],
                                       now: SignatureFixtures.date(Vector.timestamp))
            #expect(try verifier.verify(headers: Vector.headers(signature: Self.signature), body: Vector.body, context: context) == Vector.id)
        }

        enum Tamper: CaseIterable {
            case bodyByte, id, timestamp, signatureCharacter
        }

        @Test(arguments: Tamper.allCases)
        func everyTamperedV1aVariantFails(tamper: Tamper) {
            var headers = Vector.headers(signature: Self.signature)
            var body = Vector.body
            switch tamper {
            case .bodyByte: body = SignatureFixtures.changingByte(at: 9, of: body)
            case .id: headers = Vector.headers(id: "msg_p5jXN8AQM9LWM0D4loKWxJeK", signature: Self.signature)
            case .timestamp: headers = Vector.headers(timestamp: String(Vector.timestamp + 1), signature: Self.signature)
            case .signatureCharacter: headers = Vector.headers(signature: SignatureFixtures.changingCharacter(at: 10, of: Self.signature))
            }
            #expect(throws: VerificationError.badSignature) {
                try verifier.verify(headers: headers, body: body, context: Self.vectorContext)
            }
        }

        @Test func versionsAreNotInterchangeable() {
            // An Ed25519 signature labelled v1, and an HMAC labelled v1a, match nothing even with both kinds of key.
            let relabelled = [
                "v1," + Self.signature.dropFirst("v1a,".count), "v1a," + Vector.signature.dropFirst("v1,".count),
            ]
            let context = Self.context(secrets: [Vector.secret], now: SignatureFixtures.date(Vector.timestamp))
            for signature in relabelled {
                #expect(throws: VerificationError.badSignature) {
                    try verifier.verify(headers: Vector.headers(signature: signature), body: Vector.body, context: context)
                }
            }
        }

        @Test func twoSecretsAndOneKeyGiveThreeEntriesThatEachVerify() throws {
            let secrets = [StandardWebhooksSigner.generateSecret(), StandardWebhooksSigner.generateSecret()]
            let (privateKey, publicKey) = StandardWebhooksSigner.generateSigningKey()
            let now = Date()
            let body = Array(#"{"type":"invoice.paid"}"#.utf8)
            let headers = try StandardWebhooksSigner.headers(id: "msg_1", timestamp: now, body: body, secrets: secrets, signingKeys: [privateKey])
            let entries = try #require(headers[Self.signatureName]).split(separator: " ").map(String.init)
            #expect(entries.count == 3)
            #expect(entries.map { $0.prefix { $0 != "," } } == ["v1", "v1", "v1a"])
            // Each entry alone verifies under its own key and under no other.
            let contexts = [
                Self.context(secrets: [secrets[0]], publicKeys: [], now: now), Self.context(secrets: [secrets[1]], publicKeys: [], now: now),
                Self.context(publicKeys: [publicKey], now: now),
            ]
            for (index, entry) in entries.enumerated() {
                var alone = headers
                alone[Self.signatureName] = entry
                for (keyIndex, context) in contexts.enumerated() {
                    if keyIndex == index {
                        #expect(try verifier.verify(headers: alone, body: body, context: context) == "msg_1")
                    } else {
                        #expect(throws: VerificationError.badSignature, "entry \(index) under key \(keyIndex)") {
                            try verifier.verify(headers: alone, body: body, context: context)
                        }
                    }
                }
            }
        }

        @Test func theOldSingleSecretCallStillSignsV1Only() throws {
            let secret = StandardWebhooksSigner.generateSecret()
            let old = try StandardWebhooksSigner.headers(id: "msg_1", timestamp: .now, body: [1, 2], secret: secret)
            let new = try StandardWebhooksSigner.headers(id: "msg_1", timestamp: .now, body: [1, 2], secrets: [secret])
            #expect(old[Self.signatureName] == new[Self.signatureName])
            #expect(old[Self.signatureName]?.hasPrefix("v1,") == true)
            #expect(old[Self.signatureName]?.contains(" ") == false)
        }

        @Test func generatedKeyPairsAreWhskAndWhpkOf32BytesAndBelongTogether() throws {
            let first = StandardWebhooksSigner.generateSigningKey()
            let second = StandardWebhooksSigner.generateSigningKey()
            #expect(first.privateKey != second.privateKey)
            #expect(first.privateKey.hasPrefix("whsk_"))
            #expect(first.publicKey.hasPrefix("whpk_"))
            #expect(try #require(Data(base64Encoded: String(first.privateKey.dropFirst(5)))).count == 32)
            #expect(try #require(Data(base64Encoded: String(first.publicKey.dropFirst(5)))).count == 32)
            #expect(try StandardWebhooksSigner.publicKey(of: first.privateKey) == first.publicKey)
            #expect(StandardWebhooksSigningKey.isPublicKey(first.publicKey))
        }

        static let badKeys = [
            "whsk_", "whsk_not base64!", "whsk_" + SignatureFixtures.base64(Array(repeating: 1, count: 31)),
            "whsk_" + SignatureFixtures.base64(Array(repeating: 1, count: 64)), publicKey, "",
        ]

        @Test(arguments: badKeys)
        func refusesASigningKeyThatIsNotA32ByteSeed(key: String) {
            #expect(throws: StandardWebhooksSigner.InvalidSecret()) {
                try StandardWebhooksSigner.headers(id: "msg_1", timestamp: .now, body: [], secrets: [], signingKeys: [key])
            }
            #expect(throws: StandardWebhooksSigner.InvalidSecret()) { try StandardWebhooksSigner.publicKey(of: key) }
        }

        @Test func refusesToSignWithNothing() {
            #expect(throws: StandardWebhooksSigner.InvalidSecret()) {
                try StandardWebhooksSigner.headers(id: "msg_1", timestamp: .now, body: [], secrets: [])
            }
        }

        @Test func storedPublicKeysNeedTheirPrefixAnd32Bytes() {
            #expect(StandardWebhooksSigningKey.isPublicKey(Self.publicKey))
            for text in [
                String(Self.publicKey.dropFirst(5)), Self.privateKey, "whpk_", "whpk_" + SignatureFixtures.base64(Array(repeating: 1, count: 33)),
                "whpk_@@@@", "whpk_" + String(Self.publicKey.dropFirst(5).dropLast()),
            ] {
                #expect(!StandardWebhooksSigningKey.isPublicKey(text), "\(text)")
            }
        }
    }
}
