import Crypto
import Foundation

/// Turns Standard Webhooks Ed25519 keys (`v1a`) to and from text: a private key is `whsk_` and the base64 of its
/// 32-byte seed, a public key `whpk_` and the base64 of its 32 bytes, as the reference implementation reads them.
///
/// ```swift
/// let key = StandardWebhooksSigningKey.publicKey(from: "whpk_...")   // nil unless it is 32 bytes of base64
/// ```
public enum StandardWebhooksSigningKey {
    public static let privatePrefix = "whsk_"
    public static let publicPrefix = "whpk_"
    /// A seed and a public key are both 32 bytes, 44 characters of base64.
    static let byteCount = 32

    /// The private key behind `text` (`whsk_<base64>`, or bare base64), or `nil` when it is not 32 bytes of base64.
    public static func privateKey(from text: String) -> Curve25519.Signing.PrivateKey? {
        bytes(text, prefix: privatePrefix).flatMap { try? Curve25519.Signing.PrivateKey(rawRepresentation: $0) }
    }

    /// The public key behind `text` (`whpk_<base64>`, or bare base64), or `nil` when it is not 32 bytes of base64.
    public static func publicKey(from text: String) -> Curve25519.Signing.PublicKey? {
        bytes(text, prefix: publicPrefix).flatMap { try? Curve25519.Signing.PublicKey(rawRepresentation: $0) }
    }

    /// Whether `text` is a public key as the admin API stores it: with its `whpk_` prefix.
    public static func isPublicKey(_ text: String) -> Bool {
        text.hasPrefix(publicPrefix) && publicKey(from: text) != nil
    }

    static func text(of key: Curve25519.Signing.PrivateKey) -> String {
        privatePrefix + key.rawRepresentation.base64EncodedString()
    }

    static func text(of key: Curve25519.Signing.PublicKey) -> String {
        publicPrefix + key.rawRepresentation.base64EncodedString()
    }

    private static func bytes(_ text: String, prefix: String) -> Data? {
        let encoded = text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : text
        guard let bytes = Data(base64Encoded: encoded), bytes.count == byteCount else { return nil }
        return bytes
    }
}
