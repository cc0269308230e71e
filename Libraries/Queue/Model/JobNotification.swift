/// What travels on the queue's NOTIFY channel: jobs became due on a queue, a running job should stop, or a
/// queue's controls (pause, limit) changed.
public enum JobNotification: Sendable, Equatable {
    case due(queue: String)
    case cancel(jobID: Int64)
    case controls

    public init?(payload: String) {
        if payload.hasPrefix("cancel:"), let id = Int64(payload.dropFirst("cancel:".count)) {
            self = .cancel(jobID: id)
        } else if payload.hasPrefix("queue:") {
            self = .due(queue: String(payload.dropFirst("queue:".count)))
        } else if payload == "controls" {
            self = .controls
        } else {
            return nil
        }
    }

    public var payload: String {
        switch self {
        case .due(let queue): "queue:\(queue)"
        case .cancel(let id): "cancel:\(id)"
        case .controls: "controls"
        }
    }
}
