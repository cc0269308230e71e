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

    /// Dot-separated names of letters, digits, `_`, `:` and `-`, optionally ending in `.*`; at most 200 characters.
    /// Checked byte by byte: it runs for every published message, and a regular expression cost about a seventh of
    /// the publishing API's CPU.
    static func isValidPattern(_ pattern: String) -> Bool {
        let names = pattern.hasSuffix(".*") ? pattern.utf8.dropLast(2) : pattern.utf8[...]
        guard pattern.utf8.count <= 200, !names.isEmpty else { return false }
        return names.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy { name in
            !name.isEmpty && name.allSatisfy(isNameByte)
        }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    /// The event-type rule for published messages: the same characters as a pattern, without the wildcard.
    static func isValidEventType(_ eventType: String) -> Bool {
        !eventType.hasSuffix(".*") && isValidPattern(eventType)
    }
}
