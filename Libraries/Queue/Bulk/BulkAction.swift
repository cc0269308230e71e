/// What a bulk action does to every job it matches.
public enum BulkAction: Sendable, Equatable {
    /// Finished jobs in `states` back in their queues, due now (see `JobQueue.requeue`).
    case retry(states: [JobState], resetAttempts: Bool)
    /// Waiting jobs cancelled at once, running jobs asked to stop.
    case cancel
    /// Waiting and finished jobs in `states` deleted for good; running jobs are never deleted.
    case delete(states: [JobState])

    /// `POST /v1/jobs/bulk` `retry`: discarded and cancelled jobs, with their attempts reset.
    public static let retryFinished = BulkAction.retry(states: [.discarded, .cancelled], resetAttempts: true)
    /// `POST /v1/jobs/bulk` `delete`: every job but running ones.
    public static let deleteJobs = BulkAction.delete(states: JobState.allCases.filter { $0 != .running })
    /// `POST /v1/dlq/bulk` `requeue`.
    public static func requeueDiscarded(resetAttempts: Bool) -> BulkAction { .retry(states: [.discarded], resetAttempts: resetAttempts) }
    /// `POST /v1/dlq/bulk` `delete`.
    public static let deleteDiscarded = BulkAction.delete(states: [.discarded])

    /// The states of the jobs the action applies to.
    public var states: [JobState] {
        switch self {
        case .retry(let states, _), .delete(let states): states
        case .cancel: [.available, .scheduled, .retryable, .running]
        }
    }
}

/// What a bulk action did: `matched` jobs (at most the cap; `capped` when more matched), `affected` of them changed.
/// A job that changed state between the match and its chunk (it finished, or another call took it) is not affected.
public struct BulkReport: Sendable, Equatable {
    public var matched = 0
    public var affected = 0
    public var capped = false

    public init(matched: Int = 0, affected: Int = 0, capped: Bool = false) {
        (self.matched, self.affected, self.capped) = (matched, affected, capped)
    }
}
