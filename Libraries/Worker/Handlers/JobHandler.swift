import Foundation
import Logging
import Queue

/// Runs jobs of one kind. Return to complete the job; throw to fail the attempt (it is retried with backoff,
/// then discarded). Delivery is at least once: a job may run again after a crash, so handlers must be idempotent.
///
/// ```swift
/// struct SendEmail: JobHandler {
///     let kind = "send_email"
///     var timeout: Duration? { .seconds(30) }
///     func run(_ job: JobContext) async throws {
///         let email = try job.decodePayload(Email.self)
///         job.log("sending to \(email.to)")
///         let receipt = try await mailer.send(email)
///         try job.setResult(receipt)
///     }
/// }
/// ```
public protocol JobHandler: Sendable {
    var kind: String { get }
    /// How long an attempt may run when the job was enqueued without `timeout_seconds`; `nil` (the default): no limit.
    /// At the timeout the handler's task is cancelled and the attempt fails with "timed out after N s".
    var timeout: Duration? { get }
    func run(_ job: JobContext) async throws
}

extension JobHandler {
    public var timeout: Duration? { nil }
}

/// What a handler gets: the claimed job, a logger carrying its id, and its output (log lines, result).
public struct JobContext: Sendable {
    public let job: ClaimedJob
    public let output: JobOutput
    private let baseLogger: Logger

    /// `logger` gets the job's id and kind as metadata.
    public init(job: ClaimedJob, logger: Logger, output: JobOutput? = nil) {
        self.job = job
        self.baseLogger = logger
        self.output = output ?? JobOutput(job: job)
    }

    /// The logger with the job's `job_id` and `kind`, made when asked for: most jobs never log, and setting the
    /// metadata of every job's logger copied its handler twice.
    public var logger: Logger {
        var logger = baseLogger
        logger[metadataKey: "job_id"] = "\(job.id)"
        logger[metadataKey: "kind"] = .string(job.kind)
        return logger
    }

    public func decodePayload<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(job.payload.utf8))
    }

    /// Appends a line to the job's log (kept with the job, shown by `GET /v1/jobs/{id}/logs`).
    public func log(_ message: String) {
        output.log(message)
    }

    /// Stores `value`, encoded as JSON, with the job when it completes (at most `JobOutput.maxResultBytes`).
    public func setResult<T: Encodable>(_ value: T) throws {
        output.setResult(json: String(decoding: try JSONEncoder().encode(value), as: UTF8.self))
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
