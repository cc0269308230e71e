import HTTPTypes
import Testing
import Webhooks

extension SignaturesTests {
    @Suite struct SignatureSchemeVerifierTests {
        @Test(arguments: SignatureScheme.allCases)
        func eachSchemeHasItsVerifier(scheme: SignatureScheme) {
            let verifier = scheme.verifier
            switch scheme {
            case .standard: #expect(verifier is StandardWebhooksVerifier)
            case .github: #expect(verifier is GitHubVerifier)
            case .stripe: #expect(verifier is StripeVerifier)
            case .shopify: #expect(verifier is ShopifyVerifier)
            case .hmacSHA256: #expect(verifier is HMACHeaderVerifier)
            case .none: #expect(verifier is NoVerification)
            }
        }

        @Test func noVerificationAcceptsAnythingWithoutAnEventID() throws {
            let context = VerificationContext(secrets: [])
            #expect(try NoVerification().verify(headers: [:], body: Array("anything".utf8), context: context) == nil)
        }

        @Test(arguments: SignatureScheme.allCases.filter { $0 != .none })
        func everySigningSchemeRejectsAnUnsignedRequest(scheme: SignatureScheme) {
            let context = VerificationContext(secrets: ["secret"], hmacHeader: HMACHeaderSettings(header: "X-Signature", encoding: .hex))
            #expect(throws: VerificationError.self) {
                try scheme.verifier.verify(headers: [:], body: Array("{}".utf8), context: context)
            }
        }
    }
}
