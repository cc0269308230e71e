import Crypto
import Foundation
import HTTPTypes

/// Signs outbound deliveries the Standard Webhooks way (`webhook-id`, `webhook-timestamp`, `webhook-signature`).
///
/// ```swift
/// let secret = StandardWebhooksSigner.generateSecret()   // store it, show it to the subscriber once
/// let headers = try StandardWebhooksSigner.headers(id: "msg_1", timestamp: .now, body: body, secret: secret)
/// ```
public enum StandardWebhooksSigner {
    /// The secret given to `headers` or `signature` is not `whsec_<base64>` (nor bare base64).
    public struct InvalidSecret: Error, Equatable, Sendable {
        public init() {}
    }

    static let idName = HTTPField.Name("webhook-id")!
    static let timestampName = HTTPField.Name("webhook-timestamp")!
    static let signatureName = HTTPField.Name("webhook-signature")!

    /// The three headers for one delivery attempt; `timestamp` is truncated to whole seconds.
    public static func headers(id: String, timestamp: Date, body: [UInt8], secret: String) throws(InvalidSecret) -> HTTPFields {
        let seconds = unixSeconds(timestamp)
        var fields = HTTPFields()
        fields[idName] = id
        fields[timestampName] = String(seconds)
        fields[signatureName] = try signature(id: id, unixSeconds: seconds, body: body, secret: secret)
        return fields
    }

    /// The `webhook-signature` value, `v1,<base64>`.
    public static func signature(id: String, timestamp: Date, body: [UInt8], secret: String) throws(InvalidSecret) -> String {
        try signature(id: id, unixSeconds: unixSeconds(timestamp), body: body, secret: secret)
    }

    /// A new secret: `whsec_` followed by the base64 of 32 random bytes.
    public static func generateSecret() -> String {
        let key = SymmetricKey(size: .bits256)
        return StandardWebhooksSecret.prefix + key.withUnsafeBytes { Data($0).base64EncodedString() }
    }

    /// What is signed: `"<id>.<timestamp>.<body>"`.
    static func signedContent(id: String, unixSeconds: Int64, body: [UInt8]) -> [UInt8] {
        let head = Array("\(id).\(unixSeconds).".utf8)
        var content: [UInt8] = []
        content.reserveCapacity(head.count + body.count)
        content.append(contentsOf: head)
        content.append(contentsOf: body)
        return content
    }

    private static func signature(id: String, unixSeconds: Int64, body: [UInt8], secret: String) throws(InvalidSecret) -> String {
        guard let key = StandardWebhooksSecret.key(from: secret) else { throw InvalidSecret() }
        let mac = HMAC<SHA256>.authenticationCode(for: signedContent(id: id, unixSeconds: unixSeconds, body: body), using: key)
        return "v1," + Data(mac).base64EncodedString()
    }

    private static func unixSeconds(_ date: Date) -> Int64 {
        Int64(date.timeIntervalSince1970.rounded(.down))
    }
}
