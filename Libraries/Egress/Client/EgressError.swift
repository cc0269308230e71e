/// Why an outbound request got no answer. Permanent errors cannot be mended by retrying the same request.
public enum EgressError: Error, Sendable, CustomStringConvertible {
    /// Not http(s), no host, a bad port: permanent.
    case invalidURL(String)
    /// The SSRF guard refused an address the target is or resolves to; names the address and why: permanent.
    case refusedTarget(String)
    /// Refused, reset or unreachable, or the name does not resolve: fails at once, retryable.
    case connectionFailed(String)
    /// No complete answer within the request's timeout: retryable.
    case timedOut(Duration)
    /// Anything else: retryable.
    case failed(String)

    public var isPermanent: Bool {
        switch self {
        case .invalidURL, .refusedTarget: true
        case .connectionFailed, .timedOut, .failed: false
        }
    }

    public var description: String {
        switch self {
        case .invalidURL(let reason): "invalid URL: \(reason)"
        case .refusedTarget(let reason): "target refused: \(reason)"
        case .connectionFailed(let reason): "connection failed: \(reason)"
        case .timedOut(let timeout): "no answer within \(timeout)"
        case .failed(let reason): "request failed: \(reason)"
        }
    }
}
