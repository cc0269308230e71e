/// Where a job is in its life. The first four live in `jobs`; the last three are final and live in `job_history`.
public enum JobState: String, Sendable, Codable, CaseIterable {
    case available, scheduled, running, retryable
    case completed, cancelled, discarded

    /// Final states: the job has left the `jobs` table.
    public var isFinal: Bool { self == .completed || self == .cancelled || self == .discarded }
}
