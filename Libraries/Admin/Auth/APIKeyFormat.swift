/// API keys look like `sk_live_<43 url-safe base64 characters>` (256 random bits). Only their SHA-256 is stored,
/// with the first 12 characters kept visible so people can tell their keys apart.
public enum APIKeyFormat {
    public static let prefix = "sk_live_"
    static let visibleLength = 12

    public static func generate() -> String {
        prefix + RandomToken.make()
    }

    public static func hash(_ key: String) -> [UInt8] {
        RandomToken.hash(key)
    }

    public static func visiblePrefix(_ key: String) -> String {
        String(key.prefix(visibleLength))
    }

    /// Shape only: prefix, length and alphabet; whether the key exists is the database's answer.
    public static func isWellFormed(_ key: String) -> Bool {
        key.hasPrefix(prefix) && RandomToken.isWellFormed(key.dropFirst(prefix.count))
    }
}
