import Queue

/// The jobs inbound events travel through.
public enum EventJobs {
    /// The queue of inbound event work; workers listen on it by default.
    public static let queue = "webhooks"
    /// Applies a stored event's routes: one delivery per matching route.
    public static let processKind = "webhook.process"
    /// Sends a stored event to one route's target, signed with the route's secret.
    public static let deliverKind = "webhook.deliver"
    /// The payload field naming the event.
    static let eventIDKey = "event_id"

    static func process(eventID: Int64) -> NewJob {
        NewJob(kind: processKind, queue: queue, payload: #"{"\#(eventIDKey)":\#(eventID)}"#)
    }

    static func deliver(eventID: Int64, routeID: Int64) -> NewJob {
        NewJob(kind: deliverKind, queue: queue, payload: #"{"event_id":\#(eventID),"route_id":\#(routeID)}"#)
    }
}
