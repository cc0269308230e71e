/// One queue as operators see it: what waits, what runs, and its controls.
public struct QueueSummary: Sendable, Equatable {
    public let queue: String
    /// Jobs due now.
    public let depth: Int
    public let running: Int
    /// Seconds since the oldest due job became due; `nil` when none is due.
    public let oldestDueAgeSeconds: Double?
    public let paused: Bool
    public let pausedKinds: [String]
    /// The queue's global limit on running jobs.
    public let limit: Int?
    /// Limits of single kinds within the queue.
    public let kindLimits: [String: Int]
}
