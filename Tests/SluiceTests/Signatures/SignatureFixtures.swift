import Crypto
import Foundation
import HTTPTypes

/// Helpers shared by the signature tests: build headers, compute expected MACs independently, tamper.
enum SignatureFixtures {
    static func fields(_ pairs: KeyValuePairs<String, String>) -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in pairs {
            fields.append(HTTPField(name: HTTPField.Name(name)!, value: value))
        }
        return fields
    }

    static func hmac(_ message: [UInt8], secret: String) -> [UInt8] {
        hmac(message, key: Array(secret.utf8))
    }

    static func hmac(_ message: [UInt8], key: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    /// `text` with the character at `offset` replaced by another one valid in both hex and base64.
    static func changingCharacter(at offset: Int, of text: String) -> String {
        var characters = Array(text)
        characters[offset] = characters[offset] == "a" ? "b" : "a"
        return String(characters)
    }

    /// `body` with one byte changed.
    static func changingByte(at offset: Int, of body: [UInt8]) -> [UInt8] {
        var body = body
        body[offset] ^= 0x01
        return body
    }

    static func date(_ unixSeconds: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(unixSeconds))
    }
}
