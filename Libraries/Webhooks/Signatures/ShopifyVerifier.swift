import Foundation
import HTTPTypes

/// Verifies Shopify: `X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the body>` under the secret's UTF-8 bytes.
/// Returns `X-Shopify-Webhook-Id` as the event id when present.
public struct ShopifyVerifier: SignatureVerifier {
    static let signatureName = HTTPField.Name("X-Shopify-Hmac-Sha256")!
    static let webhookIDName = HTTPField.Name("X-Shopify-Webhook-Id")!

    public init() {}

    public func verify(headers: HTTPFields, body: [UInt8], context: VerificationContext) throws(VerificationError) -> String? {
        let value = try headers.requiredValue(Self.signatureName)
        guard let signature = Data(base64Encoded: value),
            SignatureMatcher.anyMatches([Array(signature)], message: body, keys: context.utf8Keys)
        else { throw .badSignature }
        return headers.optionalValue(Self.webhookIDName)
    }
}
