/// How long a failed job waits before its next attempt:
///
///     delay(attempt) = min(cap, base · 2^(attempt − 1)) · (1 − jitter · u),   u uniform in [0, 1)
///
/// With the defaults (base 1 s, cap 1 h, jitter 0.25) attempt 1 waits 0.75–1 s, attempt 5 waits 12–16 s,
/// attempt 13 and later wait 45–60 min. Jitter spreads retries of jobs that failed together.
public struct Backoff: Sendable, Equatable {
    public var base: Duration
    public var cap: Duration
    /// The largest fraction taken off the delay at random, in 0...1.
    public var jitter: Double

    public init(base: Duration = .seconds(1), cap: Duration = .seconds(3600), jitter: Double = 0.25) {
        self.base = base
        self.cap = cap
        self.jitter = min(max(jitter, 0), 1)
    }

    /// The un-jittered delay after failed attempt `attempt` (1-based).
    public func ceiling(attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 62)
        let seconds = base.seconds * Double(UInt64(1) << UInt64(exponent))
        return .milliseconds(Int64(min(seconds, cap.seconds) * 1000))
    }

    /// The delay to wait after failed attempt `attempt`, jittered.
    public func delay(attempt: Int, random: Double = Double.random(in: 0..<1)) -> Duration {
        ceiling(attempt: attempt) * (1 - jitter * random)
    }
}
