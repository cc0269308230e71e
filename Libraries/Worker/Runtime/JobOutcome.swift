import Queue

/// How one run of a job ended, as the completer records it.
enum JobOutcome: Sendable {
    case completed
    case failed(String)
    case cancelled
}

/// A finished run waiting to be written.
struct FinishedJob: Sendable {
    let job: ClaimedJob
    let outcome: JobOutcome
}
