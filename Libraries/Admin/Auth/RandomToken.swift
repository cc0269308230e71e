import Crypto
import Foundation

/// 256 random bits as URL-safe base64 without padding (43 characters): API keys, session and invite tokens.
enum RandomToken {
    static func make() -> String {
        urlSafe(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    static func urlSafe(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> [UInt8] {
        Array(SHA256.hash(data: Data(token.utf8)))
    }

    /// Shape only: 43 characters of the URL-safe alphabet.
    static func isWellFormed(_ token: Substring) -> Bool {
        token.count == 43 && token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
