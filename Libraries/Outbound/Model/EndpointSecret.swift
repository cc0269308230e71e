import Crypto
import Foundation
import Webhooks

/// An endpoint's signing secret: `whsec_` and the base64 of 24 to 64 random bytes.
enum EndpointSecret {
    static let byteRange = 24...64

    /// A new secret of 32 random bytes.
    static func generate() -> String {
        StandardWebhooksSigner.generateSecret()
    }

    static func validate(_ secret: String) throws(OutboundError) {
        guard secret.hasPrefix(StandardWebhooksSecret.prefix),
            let bytes = Data(base64Encoded: String(secret.dropFirst(StandardWebhooksSecret.prefix.count))), byteRange.contains(bytes.count)
        else {
            throw .invalid(field: "secret", reason: "must be whsec_ followed by the base64 of \(byteRange.lowerBound)-\(byteRange.upperBound) random bytes")
        }
    }
}

/// A live secret as an admin sees it: the newest signs alone once the older ones expire.
public struct EndpointSecretInfo: Sendable {
    public let secret: String
    public let createdAt: Date
    public let expiresAt: Date?
}
