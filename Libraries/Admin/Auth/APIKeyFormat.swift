import Crypto
import Foundation

/// API keys look like `sk_live_<43 url-safe base64 characters>` (256 random bits). Only their SHA-256 is stored,
/// with the first 12 characters kept visible so people can tell their keys apart.
public enum APIKeyFormat {
    public static let prefix = "sk_live_"
    static let visibleLength = 12

    public static func generate() -> String {
        let random = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        let encoded = random.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        return prefix + encoded.replacingOccurrences(of: "=", with: "")
    }

    public static func hash(_ key: String) -> [UInt8] {
        Array(SHA256.hash(data: Data(key.utf8)))
    }

    public static func visiblePrefix(_ key: String) -> String {
        String(key.prefix(visibleLength))
    }

    /// Shape only: prefix, length and alphabet; whether the key exists is the database's answer.
    public static func isWellFormed(_ key: String) -> Bool {
        guard key.hasPrefix(prefix), key.count == prefix.count + 43 else { return false }
        return key.dropFirst(prefix.count).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
