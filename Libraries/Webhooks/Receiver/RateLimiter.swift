import Queue
import Synchronization

/// A token bucket per source: `rate` requests per second with a burst of one second's worth.
/// Per receiver process, so N replicas admit up to N × rate.
public final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let buckets = Mutex<[String: Bucket]>([:])

    public init() {}

    /// `nil` when admitted; otherwise how long until a token is free.
    public func admit(_ key: String, rate: Int, now: ContinuousClock.Instant = .now) -> Duration? {
        let perSecond = Double(rate)
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: perSecond, updated: now)
            let elapsed = (now - bucket.updated).seconds
            bucket.tokens = min(perSecond, bucket.tokens + elapsed * perSecond)
            bucket.updated = now
            defer { buckets[key] = bucket }
            guard bucket.tokens >= 1 else {
                return .milliseconds(Int64(((1 - bucket.tokens) / perSecond) * 1000) + 1)
            }
            bucket.tokens -= 1
            return nil
        }
    }
}
