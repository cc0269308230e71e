/// Job counts per queue, kind and state: live states from `jobs`, `discarded` (the DLQ) from `job_history`.
public struct QueueStat: Sendable, Equatable {
    public let queue: String
    public let kind: String
    public let state: JobState
    public let count: Int

    public init(queue: String, kind: String, state: JobState, count: Int) {
        self.queue = queue
        self.kind = kind
        self.state = state
        self.count = count
    }
}

/// Cumulative totals per queue and kind; they only grow, and survive retention pruning.
public struct JobCounter: Sendable, Equatable {
    public let queue: String
    public let kind: String
    public let completed: Int64
    public let cancelled: Int64
    public let discarded: Int64

    public init(queue: String, kind: String, completed: Int64, cancelled: Int64, discarded: Int64) {
        self.queue = queue
        self.kind = kind
        self.completed = completed
        self.cancelled = cancelled
        self.discarded = discarded
    }
}
