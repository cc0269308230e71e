import Foundation

/// How long a delivery waits after each failed attempt; after the last entry's wait has passed and that attempt
/// failed too, the delivery is given up (discarded to the DLQ). Each wait is jittered by ±20 %.
public struct RetrySchedule: Sendable, Equatable {
    public let delays: [Duration]

    /// 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: eight attempts over about 28 hours.
    public static let standard = RetrySchedule(delays: [5, 300, 1800, 7200, 18000, 36000, 36000].map { .seconds($0) })
    static let jitter = 0.2
    /// A 429 or a timeout means the endpoint is overloaded: wait at least this long.
    static let overloadFloor: Duration = .seconds(60)
    static let maxEntries = 20
    static let maxDelay: Duration = .seconds(7 * 86400)

    public init(delays: [Duration]) {
        self.delays = delays
    }

    /// From seconds as stored and as the API takes them; refuses an empty, too long or out-of-range list.
    public init(seconds: [Int]) throws(OutboundError) {
        guard !seconds.isEmpty, seconds.count <= Self.maxEntries, seconds.allSatisfy({ $0 >= 1 && $0 <= Int(Self.maxDelay.components.seconds) }) else {
            throw .invalid(field: "retry_schedule", reason: "must list 1-\(Self.maxEntries) waits in seconds, each in 1...\(Self.maxDelay.components.seconds)")
        }
        self.init(delays: seconds.map { .seconds($0) })
    }

    public var seconds: [Int] { delays.map { Int($0.components.seconds) } }

    /// Attempts in all: the first one and one after each wait.
    public var maxAttempts: Int { delays.count + 1 }

    /// The wait after failed attempt `attempt` (1-based), jittered by ±20 %; `random` is uniform in [0, 1).
    public func delay(afterAttempt attempt: Int, random: Double = Double.random(in: 0..<1)) -> Duration {
        let base = delays[min(max(attempt, 1), delays.count) - 1]
        return base * (1 + Self.jitter * (2 * random - 1))
    }

    /// The wait after a failed attempt given what the endpoint said: its `Retry-After` is honoured within
    /// [scheduled, 2 × scheduled], and an overload (429, timeout) waits at least a minute.
    public static func wait(scheduled: Duration, retryAfter: Duration?, overloaded: Bool) -> Duration {
        var wait = scheduled
        if let retryAfter { wait = min(max(retryAfter, scheduled), scheduled * 2) }
        return overloaded ? max(wait, overloadFloor) : wait
    }

    /// `Retry-After` as delay-seconds or an HTTP date, relative to `now`; `nil` when absent or unreadable.
    public static func parseRetryAfter(_ value: String?, now: Date = .now) -> Duration? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Int(value), seconds >= 0 { return .seconds(seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return .milliseconds(Int64(max(0, date.timeIntervalSince(now)) * 1000))
    }
}
