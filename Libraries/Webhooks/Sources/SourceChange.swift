/// A change to a source's settings; `nil` fields stay as they are. `rateLimit` 0 removes the limit.
public struct SourceChange: Sendable, Equatable {
    public var enabled: Bool?
    public var rateLimit: Int?
    public var toleranceSeconds: Int?
    public var bodyLimit: Int?

    public init(enabled: Bool? = nil, rateLimit: Int? = nil, toleranceSeconds: Int? = nil, bodyLimit: Int? = nil) {
        self.enabled = enabled
        self.rateLimit = rateLimit
        self.toleranceSeconds = toleranceSeconds
        self.bodyLimit = bodyLimit
    }
}
