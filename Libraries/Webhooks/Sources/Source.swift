import Foundation

/// An inbound webhook source: where `POST /hooks/{name}` events come from and how they are checked.
public struct Source: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var scheme: SignatureScheme
    public var tolerance: Duration
    public var bodyLimit: Int
    /// Requests per second admitted per receiver process; `nil` for no limit.
    public var rateLimit: Int?
    public var hmacHeader: HMACHeaderSettings?
    /// For scheme `standard`: Ed25519 public keys (`whpk_...`) that `v1a` signatures may match. Not secret.
    public var publicKeys: [String]
    /// Bodies must be JSON (400 otherwise).
    public var expectsJSON: Bool
    /// Allows scheme `none` (dev only).
    public var insecure: Bool
    public var enabled: Bool

    public static let defaultTolerance: Duration = .seconds(300)
    public static let defaultBodyLimit = 1 << 20
}

/// A source with its current secrets decrypted, as the receiver uses it.
public struct ResolvedSource: Sendable {
    public let source: Source
    public let secrets: [String]
}
