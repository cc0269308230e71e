import Foundation
import Logging
import Queue

/// Runs jobs of one kind. Return to complete the job; throw to fail the attempt (it is retried with backoff,
/// then discarded). Delivery is at least once: a job may run again after a crash, so handlers must be idempotent.
///
/// ```swift
/// struct SendEmail: JobHandler {
///     let kind = "send_email"
///     func run(_ job: JobContext) async throws {
///         let email = try job.decodePayload(Email.self)
///         try await mailer.send(email)
///     }
/// }
/// ```
public protocol JobHandler: Sendable {
    var kind: String { get }
    func run(_ job: JobContext) async throws
}

/// What a handler gets: the claimed job and a logger carrying its id.
public struct JobContext: Sendable {
    public let job: ClaimedJob
    public let logger: Logger

    public init(job: ClaimedJob, logger: Logger) {
        self.job = job
        self.logger = logger
    }

    public func decodePayload<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(job.payload.utf8))
    }
}

/// A failure a handler reports with a message meant for the job's error history.
public struct JobFailed: Error, CustomStringConvertible {
    public let description: String
    /// Waits this long before the next attempt instead of the worker's backoff (e.g. a schedule of the handler's own).
    public let retryIn: Duration?
    /// No retry can mend it (a refused target, a payload that can never work): the job is discarded now.
    public let permanent: Bool

    public init(_ message: String, retryIn: Duration? = nil, permanent: Bool = false) {
        self.description = message
        self.retryIn = retryIn
        self.permanent = permanent
    }
}

/// Thrown by a handler that may not run the job yet (a limit holds it back): the job runs again after `delay`,
/// and the attempt it was claimed for is not charged.
public struct JobSnoozed: Error, CustomStringConvertible {
    public let delay: Duration

    public init(_ delay: Duration) {
        self.delay = delay
    }

    public var description: String { "snoozed for \(delay)" }
}
