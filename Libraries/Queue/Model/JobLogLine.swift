import Foundation

/// One line a handler logged while running an attempt of its job.
public struct JobLogLine: Sendable, Equatable {
    public let jobID: Int64
    public let attempt: Int
    public let at: Date
    public let message: String

    public init(jobID: Int64, attempt: Int, at: Date, message: String) {
        self.jobID = jobID
        self.attempt = attempt
        self.at = at
        self.message = message
    }
}
