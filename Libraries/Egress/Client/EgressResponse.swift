/// The answer to an outbound request; any status, redirects included (they are never followed).
public struct EgressResponse: Sendable {
    public let status: Int
    public let headers: [(String, String)]
    /// The first `excerptLimit` bytes of the body; the rest was read and dropped.
    public let bodyExcerpt: [UInt8]
    /// From request start (after any local wait) to the end of the body read.
    public let latency: Duration

    /// Whether the target accepted the request (2xx).
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The start of the body as text (invalid UTF-8 repaired), for error messages.
    public func excerptText(limit: Int) -> String {
        String(decoding: bodyExcerpt.prefix(limit), as: UTF8.self)
    }
}
