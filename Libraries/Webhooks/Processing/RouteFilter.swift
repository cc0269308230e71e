/// Matches event types against a route's filters: `*` (everything), `prefix.*` (that prefix and a dot),
/// or an exact name. An event without a type matches only `*`.
public struct RouteFilter: Sendable, Equatable {
    public let patterns: [String]

    public init(_ patterns: [String]) {
        self.patterns = patterns
    }

    public func matches(_ eventType: String?) -> Bool {
        patterns.contains { pattern in
            if pattern == "*" { return true }
            guard let eventType else { return false }
            if pattern.hasSuffix(".*") { return eventType.hasPrefix(pattern.dropLast()) }
            return pattern == eventType
        }
    }
}
