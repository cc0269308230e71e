/// Why an inbound request's signature was not accepted. `malformed` answers 400; the others answer 401.
public enum VerificationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A required header is absent (401: an unsigned request).
    case missingHeader(String)
    /// A header is present but cannot be parsed (400).
    case malformedHeader(String)
    /// No listed signature matches any of the source's secrets (401).
    case badSignature
    /// The signed timestamp is outside the tolerance (401: a possible replay).
    case staleTimestamp

    public var description: String {
        switch self {
        case .missingHeader(let name): "missing header \(name)"
        case .malformedHeader(let name): "malformed header \(name)"
        case .badSignature: "no signature matches"
        case .staleTimestamp: "timestamp outside the tolerance"
        }
    }
}
