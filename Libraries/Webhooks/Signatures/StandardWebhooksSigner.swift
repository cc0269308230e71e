import Crypto
import Foundation
import HTTPTypes

/// Signs outbound deliveries the Standard Webhooks way (`webhook-id`, `webhook-timestamp`, `webhook-signature`).
///
/// ```swift
/// let secret = StandardWebhooksSigner.generateSecret()   // store it, show it to the subscriber once
/// let headers = try StandardWebhooksSigner.headers(id: "msg_1", timestamp: .now, body: body, secret: secret)
/// // During a rotation, and with Ed25519 keys too: one `v1,` entry per secret, one `v1a,` entry per key.
/// let (privateKey, publicKey) = StandardWebhooksSigner.generateSigningKey()   // publish publicKey
/// let rotated = try StandardWebhooksSigner.headers(id: "msg_1", timestamp: .now, body: body, secrets: [new, old], signingKeys: [privateKey])
/// ```
public enum StandardWebhooksSigner {
    /// A secret given to `headers` or `signature` is not `whsec_<base64>` (nor bare base64), a signing key is not
    /// `whsk_<base64 of 32 bytes>`, or there is nothing to sign with.
    public struct InvalidSecret: Error, Equatable, Sendable {
        public init() {}
    }

    static let idName = HTTPField.Name("webhook-id")!
    static let timestampName = HTTPField.Name("webhook-timestamp")!
    static let signatureName = HTTPField.Name("webhook-signature")!

    /// The three headers for one delivery attempt; `timestamp` is truncated to whole seconds.
    public static func headers(id: String, timestamp: Date, body: [UInt8], secret: String) throws(InvalidSecret) -> HTTPFields {
        try headers(id: id, timestamp: timestamp, body: body, secrets: [secret])
    }

    /// The three headers for one delivery attempt, `webhook-signature` holding one `v1,` entry per secret then one
    /// `v1a,` entry per Ed25519 private key, space-separated; `timestamp` is truncated to whole seconds.
    public static func headers(
        id: String, timestamp: Date, body: [UInt8], secrets: [String], signingKeys: [String] = []
    ) throws(InvalidSecret) -> HTTPFields {
        let seconds = unixSeconds(timestamp)
        var fields = HTTPFields()
        fields[idName] = id
        fields[timestampName] = String(seconds)
        fields[signatureName] = try signature(id: id, unixSeconds: seconds, body: body, secrets: secrets, signingKeys: signingKeys)
        return fields
    }

    /// The `webhook-signature` value, `v1,<base64>`.
    public static func signature(id: String, timestamp: Date, body: [UInt8], secret: String) throws(InvalidSecret) -> String {
        try signature(id: id, unixSeconds: unixSeconds(timestamp), body: body, secrets: [secret], signingKeys: [])
    }

    /// A new secret: `whsec_` followed by the base64 of 32 random bytes.
    public static func generateSecret() -> String {
        let key = SymmetricKey(size: .bits256)
        return StandardWebhooksSecret.prefix + key.withUnsafeBytes { Data($0).base64EncodedString() }
    }

    /// A new Ed25519 key pair: (`whsk_...` private, `whpk_...` public).
    public static func generateSigningKey() -> (privateKey: String, publicKey: String) {
        let key = Curve25519.Signing.PrivateKey()
        return (StandardWebhooksSigningKey.text(of: key), StandardWebhooksSigningKey.text(of: key.publicKey))
    }

    /// The `whpk_...` public key of a `whsk_...` private key.
    public static func publicKey(of privateKey: String) throws(InvalidSecret) -> String {
        guard let key = StandardWebhooksSigningKey.privateKey(from: privateKey) else { throw InvalidSecret() }
        return StandardWebhooksSigningKey.text(of: key.publicKey)
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

    private static func signature(
        id: String, unixSeconds: Int64, body: [UInt8], secrets: [String], signingKeys: [String]
    ) throws(InvalidSecret) -> String {
        guard !secrets.isEmpty || !signingKeys.isEmpty else { throw InvalidSecret() }
        let content = signedContent(id: id, unixSeconds: unixSeconds, body: body)
        var entries: [String] = []
        for secret in secrets {
            guard let key = StandardWebhooksSecret.key(from: secret) else { throw InvalidSecret() }
            entries.append("v1," + Data(HMAC<SHA256>.authenticationCode(for: content, using: key)).base64EncodedString())
        }
        for signingKey in signingKeys {
            guard let key = StandardWebhooksSigningKey.privateKey(from: signingKey),
                let signature = try? key.signature(for: content)
            else { throw InvalidSecret() }
            entries.append("v1a," + signature.base64EncodedString())
        }
        return entries.joined(separator: " ")
    }

    private static func unixSeconds(_ date: Date) -> Int64 {
        Int64(date.timeIntervalSince1970.rounded(.down))
    }
}
