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

    public init(_ message: String) {
        self.description = message
    }
}
