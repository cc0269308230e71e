import Foundation
import HTTPTypes

/// What verification needs besides the request: the source's current secrets (several during a rotation),
/// for `standard` its Ed25519 public keys (`whpk_...`, for `v1a` entries), its timestamp tolerance, and for
/// `hmac-sha256` the header settings.
public struct VerificationContext: Sendable {
    public var secrets: [String]
    public var publicKeys: [String]
    public var tolerance: Duration
    public var now: Date
    public var hmacHeader: HMACHeaderSettings?

    public init(
        secrets: [String], publicKeys: [String] = [], tolerance: Duration = .seconds(300), now: Date = .now, hmacHeader: HMACHeaderSettings? = nil
    ) {
        self.secrets = secrets
        self.publicKeys = publicKeys
        self.tolerance = tolerance
        self.now = now
        self.hmacHeader = hmacHeader
    }
}

/// The header, encoding and optional prefix of a generic `hmac-sha256` source.
public struct HMACHeaderSettings: Sendable, Codable, Equatable {
    public enum Encoding: String, Sendable, Codable {
        case hex, base64
    }

    public var header: String
    public var encoding: Encoding
    /// Stripped from the header value before decoding, e.g. `sha256=`.
    public var prefix: String

    public init(header: String, encoding: Encoding, prefix: String = "") {
        self.header = header
        self.encoding = encoding
        self.prefix = prefix
    }
}

/// Checks one inbound request. Returns the provider's event id when the scheme carries one (used to dedupe),
/// `nil` when it does not (the receiver then dedupes on a hash of the body). Comparisons are constant time.
public protocol SignatureVerifier: Sendable {
    func verify(headers: HTTPFields, body: [UInt8], context: VerificationContext) throws(VerificationError) -> String?
}
