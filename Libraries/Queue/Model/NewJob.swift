import Foundation

/// A job to enqueue. Only `kind` is required; the payload is any JSON value.
public struct NewJob: Sendable, Equatable {
    public var kind: String
    public var queue: String
    /// JSON text; PostgreSQL rejects text that is not JSON.
    public var payload: String
    /// Lower runs first; 0 is the default.
    public var priority: Int
    public var maxAttempts: Int
    /// Not before this moment; `nil` means now. A future moment makes the job `scheduled`.
    public var runAt: Date?
    /// A live job with the same key makes this enqueue return that job instead of creating one.
    public var uniqueKey: String?
    public var createdBy: String?
    /// Seconds an attempt may run before its handler is cancelled and the attempt fails; `nil`: the kind's default.
    public var timeoutSeconds: Int?
    /// A few short labels (at most `maxTags`, each 1-`maxTagLength` characters) to filter listings and bulk actions by.
    public var tags: [String]

    public static let defaultQueue = "default"
    public static let defaultMaxAttempts = 25

    public init(
        kind: String,
        queue: String = NewJob.defaultQueue,
        payload: String = "{}",
        priority: Int = 0,
        maxAttempts: Int = NewJob.defaultMaxAttempts,
        runAt: Date? = nil,
        uniqueKey: String? = nil,
        createdBy: String? = nil,
        timeoutSeconds: Int? = nil,
        tags: [String] = []
    ) {
        self.kind = kind
        self.queue = queue
        self.payload = payload
        self.priority = priority
        self.maxAttempts = maxAttempts
        self.runAt = runAt
        self.uniqueKey = uniqueKey
        self.createdBy = createdBy
        self.timeoutSeconds = timeoutSeconds
        self.tags = tags
    }

    /// The same job delayed by `delay` from now.
    public func delayed(by delay: Duration) -> NewJob {
        var job = self
        job.runAt = Date.now.addingTimeInterval(Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18)
        return job
    }
}
