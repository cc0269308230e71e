import HTTPTypes

/// What `sources add` takes. A missing secret is generated (and shown once).
public struct NewSource: Sendable {
    public var name: String
    public var scheme: SignatureScheme
    public var secret: String?
    public var tolerance: Duration = Source.defaultTolerance
    public var bodyLimit: Int = Source.defaultBodyLimit
    public var rateLimit: Int?
    public var hmacHeader: HMACHeaderSettings?
    /// For scheme `standard`: Ed25519 public keys (`whpk_...`) for `v1a` signatures.
    public var publicKeys: [String] = []
    public var expectsJSON = true
    public var insecure = false

    public init(name: String, scheme: SignatureScheme, secret: String? = nil) {
        self.name = name
        self.scheme = scheme
        self.secret = secret
    }

    /// Throws for the first field out of range, naming it.
    func validate() throws(SourceError) {
        let allowed = name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 || $0 == 45 }
        guard !name.isEmpty, name.utf8.count <= 64, allowed, name.first != "-", name.first != "_" else {
            throw .invalid(field: "name", reason: "must be 1-64 characters of a-z, 0-9, '-' and '_', starting with a letter or digit")
        }
        guard scheme != .none || insecure else {
            throw .invalid(field: "scheme", reason: "none is only allowed for a source marked insecure (dev only)")
        }
        guard scheme != .hmacSHA256 || hmacHeader != nil else {
            throw .invalid(field: "hmac_header", reason: "is required for scheme hmac-sha256")
        }
        if let hmacHeader, HTTPField.Name(hmacHeader.header) == nil {
            throw .invalid(field: "hmac_header", reason: "must be a valid HTTP header name")
        }
        guard tolerance >= .seconds(1), tolerance <= .seconds(86_400) else { throw .invalid(field: "tolerance", reason: "must be 1-86400 seconds") }
        guard (1...(64 << 20)).contains(bodyLimit) else { throw .invalid(field: "body_limit", reason: "must be 1 byte to 64 MiB") }
        if let rateLimit, rateLimit < 1 { throw .invalid(field: "rate_limit", reason: "must be at least 1 per second") }
        try Self.validate(publicKeys: publicKeys, scheme: scheme)
        if let secret, secret.isEmpty || secret.count > 512 { throw .invalid(field: "secret", reason: "must be 1-512 characters") }
    }
}

extension NewSource {
    /// The most public keys a source may list: each one costs an Ed25519 verification per `v1a` entry.
    public static let maxPublicKeys = 10

    /// Throws `.invalid(field: "public_keys", ...)` unless every key is a `whpk_` Ed25519 public key, there are at most
    /// `maxPublicKeys`, and the scheme is `standard` (or there are none).
    static func validate(publicKeys: [String], scheme: SignatureScheme) throws(SourceError) {
        guard !publicKeys.isEmpty else { return }
        guard scheme == .standard else { throw .invalid(field: "public_keys", reason: "are only for scheme standard") }
        guard publicKeys.count <= maxPublicKeys else { throw .invalid(field: "public_keys", reason: "must list at most \(maxPublicKeys) keys") }
        guard publicKeys.allSatisfy(StandardWebhooksSigningKey.isPublicKey) else {
            throw .invalid(field: "public_keys", reason: "must each be whpk_ followed by the base64 of a 32-byte Ed25519 public key")
        }
    }
}

/// Why a source operation refused its input.
public enum SourceError: Error, Equatable, CustomStringConvertible {
    case invalid(field: String, reason: String)
    case notFound(name: String)
    case alreadyExists(name: String)
    /// The request is well formed but the source's state does not allow it (e.g. public keys on a github source).
    case conflict(String)

    public var description: String {
        switch self {
        case .invalid(let field, let reason): "\(field) \(reason)"
        case .notFound(let name): "no source named '\(name)'"
        case .alreadyExists(let name): "a source named '\(name)' already exists"
        case .conflict(let reason): reason
        }
    }
}
