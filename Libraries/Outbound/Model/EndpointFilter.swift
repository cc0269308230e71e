/// Which event types an endpoint gets: exact names and `prefix.*`; an empty list means every event type. Operational
/// events (`endpoint.disabled`, `message.attempt.exhausted`) reach only endpoints that name them exactly, so a
/// subscription to "everything" or to `message.*` never turns into a stream of Sluice's own notices.
public struct EndpointFilter: Sendable, Equatable {
    public let patterns: [String]

    public init(_ patterns: [String]) {
        self.patterns = patterns
    }

    public func matches(_ eventType: String, operational: Bool = false) -> Bool {
        if operational { return patterns.contains(eventType) }
        if patterns.isEmpty { return true }
        return patterns.contains { pattern in
            pattern.hasSuffix(".*") ? eventType.hasPrefix(pattern.dropLast()) : pattern == eventType
        }
    }

    static func isValidPattern(_ pattern: String) -> Bool {
        pattern.range(of: #"^[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*(\.\*)?\z"#, options: .regularExpression) != nil && pattern.count <= 200
    }

    /// The event-type rule for published messages: the same characters as a pattern, without the wildcard.
    static func isValidEventType(_ eventType: String) -> Bool {
        !eventType.hasSuffix(".*") && isValidPattern(eventType)
    }
}
