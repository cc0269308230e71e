import HTTPTypes

/// Scheme `none`: accepts every request and has no event id. The receiver refuses it unless the source is marked
/// insecure (development only).
public struct NoVerification: SignatureVerifier {
    public init() {}

    public func verify(headers: HTTPFields, body: [UInt8], context: VerificationContext) throws(VerificationError) -> String? {
        nil
    }
}
