import HTTPTypes

/// Verifies GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>` under the secret's UTF-8 bytes.
/// Returns `X-GitHub-Delivery` as the event id when present.
public struct GitHubVerifier: SignatureVerifier {
    static let signatureName = HTTPField.Name("X-Hub-Signature-256")!
    static let deliveryName = HTTPField.Name("X-GitHub-Delivery")!
    private static let prefix = "sha256="

    public init() {}

    public func verify(headers: HTTPFields, body: [UInt8], context: VerificationContext) throws(VerificationError) -> String? {
        let value = try headers.requiredValue(Self.signatureName)
        guard value.hasPrefix(Self.prefix) else { throw .malformedHeader(Self.signatureName.rawName) }
        guard let signature = Hex.decode(value.dropFirst(Self.prefix.count)),
            SignatureMatcher.anyMatches([signature], message: body, keys: context.utf8Keys)
        else { throw .badSignature }
        return headers.optionalValue(Self.deliveryName)
    }
}
