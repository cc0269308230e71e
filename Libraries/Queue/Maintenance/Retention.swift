/// How long finished jobs stay in `job_history` before the cleaner deletes them. Totals in `job_counters` stay.
public struct Retention: Sendable, Equatable {
    public var completed: Duration
    public var cancelled: Duration
    /// The dead-letter queue: kept longer, so people can look and requeue.
    public var discarded: Duration

    public init(completed: Duration = .seconds(86_400), cancelled: Duration = .seconds(86_400), discarded: Duration = .seconds(7 * 86_400)) {
        self.completed = completed
        self.cancelled = cancelled
        self.discarded = discarded
    }
}
