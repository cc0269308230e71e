import Queue

/// How one run of a job ended, as the completer records it.
enum JobOutcome: Sendable {
    case completed
    /// `retryIn` overrides the backoff; `permanent` discards the job whatever attempts are left.
    case failed(String, retryIn: Duration? = nil, permanent: Bool = false)
    case cancelled
    /// Not run: due again after the delay, without charging the attempt.
    case snoozed(Duration)
}

/// A finished run waiting to be written.
struct FinishedJob: Sendable {
    let job: ClaimedJob
    let outcome: JobOutcome
    /// JSON text the handler returned with a completion.
    var result: String? = nil
}
