import Queue

/// The jobs outbound messages travel through: one `message.deliver` job per delivery, on queue `outbound`.
public enum OutboundJobs {
    public static let queue = "outbound"
    public static let deliverKind = "message.deliver"

    static func deliver(_ deliveryID: Int64, schedule: RetrySchedule) -> NewJob {
        NewJob(kind: deliverKind, queue: queue, payload: #"{"delivery_id":\#(deliveryID)}"#, maxAttempts: schedule.maxAttempts)
    }
}
