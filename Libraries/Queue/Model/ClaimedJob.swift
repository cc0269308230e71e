import Foundation

/// A job a worker has claimed: it is `running`, locked by that worker, with `attempt` already counted.
public struct ClaimedJob: Sendable, Equatable {
    public let id: Int64
    public let queue: String
    public let kind: String
    /// JSON text.
    public let payload: String
    public let attempt: Int
    public let maxAttempts: Int
    public let createdAt: Date
    /// How long the job waited to be claimed: from when it became due (the later of its creation and its `run_at`)
    /// to the claim, by the database's clock.
    public let waited: Duration
    /// The job's own run-time limit, if it was enqueued with one.
    public let timeoutSeconds: Int?

    public init(
        id: Int64, queue: String, kind: String, payload: String, attempt: Int, maxAttempts: Int, createdAt: Date, waited: Duration = .zero,
        timeoutSeconds: Int? = nil
    ) {
        self.id = id
        self.queue = queue
        self.kind = kind
        self.payload = payload
        self.attempt = attempt
        self.maxAttempts = maxAttempts
        self.createdAt = createdAt
        self.waited = waited
        self.timeoutSeconds = timeoutSeconds
    }

    /// True when a failure now should discard the job rather than retry it.
    public var isLastAttempt: Bool { attempt >= maxAttempts }
}
