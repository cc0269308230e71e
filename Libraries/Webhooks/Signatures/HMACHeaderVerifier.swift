import Foundation
import HTTPTypes

/// Verifies a generic `hmac-sha256` source: the header named in `context.hmacHeader` holds an HMAC-SHA256 of the
/// body under the secret's UTF-8 bytes, hex or base64, after an optional prefix. No event id (returns `nil`).
///
/// Missing or invalid settings (no `hmacHeader`, a header name that is not a valid token) are a server
/// misconfiguration, not the sender's fault, so nothing can verify and the request gets `.badSignature`.
public struct HMACHeaderVerifier: SignatureVerifier {
    public init() {}

    public func verify(headers: HTTPFields, body: [UInt8], context: VerificationContext) throws(VerificationError) -> String? {
        guard let settings = context.hmacHeader, let name = HTTPField.Name(settings.header) else { throw .badSignature }
        var value = Substring(try headers.requiredValue(name))
        if !settings.prefix.isEmpty {
            guard value.hasPrefix(settings.prefix) else { throw .malformedHeader(name.rawName) }
            value = value.dropFirst(settings.prefix.count)
        }
        let signature: [UInt8]? =
            switch settings.encoding {
            case .hex: Hex.decode(value)
            case .base64: Data(base64Encoded: String(value)).map { Array($0) }
            }
        guard let signature, SignatureMatcher.anyMatches([signature], message: body, keys: context.utf8Keys) else {
            throw .badSignature
        }
        return nil
    }
}
