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
        if let secret, secret.isEmpty || secret.count > 512 { throw .invalid(field: "secret", reason: "must be 1-512 characters") }
    }
}

/// Why a source operation refused its input.
public enum SourceError: Error, Equatable, CustomStringConvertible {
    case invalid(field: String, reason: String)
    case notFound(name: String)
    case alreadyExists(name: String)

    public var description: String {
        switch self {
        case .invalid(let field, let reason): "\(field) \(reason)"
        case .notFound(let name): "no source named '\(name)'"
        case .alreadyExists(let name): "a source named '\(name)' already exists"
        }
    }
}
