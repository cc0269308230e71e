/// A change to a source's settings; `nil` fields stay as they are. `rateLimit` 0 removes the limit;
/// `publicKeys` replaces the whole list (empty removes them all).
public struct SourceChange: Sendable, Equatable {
    public var enabled: Bool?
    public var rateLimit: Int?
    public var toleranceSeconds: Int?
    public var bodyLimit: Int?
    public var publicKeys: [String]?

    public init(
        enabled: Bool? = nil, rateLimit: Int? = nil, toleranceSeconds: Int? = nil, bodyLimit: Int? = nil, publicKeys: [String]? = nil
    ) {
        self.enabled = enabled
        self.rateLimit = rateLimit
        self.toleranceSeconds = toleranceSeconds
        self.bodyLimit = bodyLimit
        self.publicKeys = publicKeys
    }

    /// Throws for the first field out of range, naming it, with the ranges `NewSource` allows.
    func validate() throws(SourceError) {
        if let toleranceSeconds, !(1...86_400).contains(toleranceSeconds) { throw .invalid(field: "tolerance", reason: "must be 1-86400 seconds") }
        if let bodyLimit, !(1...(64 << 20)).contains(bodyLimit) { throw .invalid(field: "body_limit", reason: "must be 1 byte to 64 MiB") }
        if let rateLimit, rateLimit < 0 { throw .invalid(field: "rate_limit", reason: "must be at least 0 (0 removes the limit)") }
        if let publicKeys { try NewSource.validate(publicKeys: publicKeys, scheme: .standard) }
    }
}
