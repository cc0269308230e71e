import Crypto
import Foundation

/// Turns a Standard Webhooks secret (`whsec_<base64>`, or bare base64) into its HMAC key.
public enum StandardWebhooksSecret {
    public static let prefix = "whsec_"

    /// The key bytes behind `secret`, or `nil` when it is not base64 or decodes to nothing.
    ///
    /// ```swift
    /// let key = StandardWebhooksSecret.key(from: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    /// ```
    public static func key(from secret: String) -> SymmetricKey? {
        let encoded = secret.hasPrefix(prefix) ? String(secret.dropFirst(prefix.count)) : secret
        guard let bytes = Data(base64Encoded: encoded), !bytes.isEmpty else { return nil }
        return SymmetricKey(data: bytes)
    }
}
