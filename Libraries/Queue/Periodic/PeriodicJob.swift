import Foundation

/// A periodic (cron) job definition: at each tick of `cron` in `timeZone`, one job of `kind` is enqueued on `queue`
/// with `payload` plus `"sluice_periodic": {"name", "tick_at"}`, and the unique key `periodic:<name>:<tick>`.
///
/// ```swift
/// PeriodicJob(name: "nightly-cleanup", cron: "30 2 * * *", timeZone: "Europe/Berlin", kind: "cleanup")
/// ```
public struct PeriodicJob: Sendable, Equatable {
    /// What a definition does about ticks missed while no worker ran (downtime longer than the scheduler's `missedAfter`).
    public enum CatchUp: String, Sendable, CaseIterable {
        /// Missed ticks are dropped; the schedule resumes at the next tick.
        case skip
        /// One job is enqueued for the latest missed tick, then the schedule resumes.
        case one
    }

    public var name: String
    public var cron: String
    /// An IANA time zone identifier, e.g. `Europe/Berlin`.
    public var timeZone: String
    public var kind: String
    public var queue: String
    /// A JSON object.
    public var payload: String
    public var priority: Int
    public var maxAttempts: Int
    public var enabled: Bool
    public var catchUp: CatchUp

    public init(
        name: String, cron: String, timeZone: String = "UTC", kind: String, queue: String = NewJob.defaultQueue, payload: String = "{}",
        priority: Int = 0, maxAttempts: Int = NewJob.defaultMaxAttempts, enabled: Bool = true, catchUp: CatchUp = .skip
    ) {
        (self.name, self.cron, self.timeZone, self.kind, self.queue, self.payload) = (name, cron, timeZone, kind, queue, payload)
        (self.priority, self.maxAttempts, self.enabled, self.catchUp) = (priority, maxAttempts, enabled, catchUp)
    }

    /// The parsed schedule; throws naming the field at fault (`name`, `cron`, `time_zone`, or a job field).
    public func validated() throws(QueueError) -> CronSchedule {
        guard Self.isValidName(name) else {
            throw .invalid(field: "name", reason: "must be 1-64 characters of a-z, 0-9, '_', '-', '.', starting with a letter or digit")
        }
        let expression: CronExpression
        do { expression = try CronExpression(cron) } catch { throw .invalid(field: "cron", reason: error.description) }
        guard let zone = TimeZone(identifier: timeZone) else { throw .invalid(field: "time_zone", reason: "must be an IANA time zone such as Europe/Berlin") }
        try NewJob(kind: kind, queue: queue, payload: payload, priority: priority, maxAttempts: maxAttempts).validate()
        guard (try? JSONSerialization.jsonObject(with: Data(payload.utf8))) is [String: Any] else {
            throw .invalid(field: "payload", reason: "must be a JSON object")
        }
        return CronSchedule(expression, timeZone: zone)
    }

    public static func isValidName(_ name: String) -> Bool {
        NewJob.isValidQueueName(name) && name.first != "." && name.first != "-" && name.first != "_"
    }
}

/// A stored definition with its schedule's state.
public struct PeriodicJobRecord: Sendable, Equatable {
    public let definition: PeriodicJob
    /// The next tick; `nil` while disabled or when the schedule never fires again.
    public let nextRunAt: Date?
    /// The latest tick a job was enqueued for.
    public let lastRunAt: Date?
    /// Declared by a `PeriodicJobHandler` and upserted when a worker starts.
    public let declaredInCode: Bool
}
