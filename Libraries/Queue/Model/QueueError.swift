/// Why a queue operation refused its input or could not act.
public enum QueueError: Error, Equatable, CustomStringConvertible {
    /// A field of a new job is out of range; nothing was stored.
    case invalid(field: String, reason: String)
    case notFound(id: Int64)
    /// The job is in a state the operation does not apply to.
    case wrongState(id: Int64, state: JobState)
    /// Requeueing would collide with a live job holding the same unique key.
    case uniqueKeyTaken(id: Int64)

    public var description: String {
        switch self {
        case .invalid(let field, let reason): "\(field) \(reason)"
        case .notFound(let id): "job \(id) not found"
        case .wrongState(let id, let state): "job \(id) is \(state.rawValue)"
        case .uniqueKeyTaken(let id): "job \(id) cannot be requeued: a live job holds its unique key"
        }
    }
}
