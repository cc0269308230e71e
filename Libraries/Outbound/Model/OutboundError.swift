/// What the outbound-webhook stores refuse, naming the field or the resource.
public enum OutboundError: Error, Equatable, CustomStringConvertible {
    case invalid(field: String, reason: String)
    case notFound(String)
    case alreadyExists(String)
    /// The resource exists but its state does not allow the request, e.g. a disabled endpoint.
    case conflict(String)

    public var description: String {
        switch self {
        case .invalid(let field, let reason): "\(field) \(reason)"
        case .notFound(let what): "\(what) not found"
        case .alreadyExists(let what): "\(what) already exists"
        case .conflict(let reason): reason
        }
    }
}
