import Foundation

/// A cron expression read in a time zone: the instants at which it fires.
///
/// Daylight saving time: wall times are matched, and each matching wall time fires at most once.
/// - A wall time that does not exist (02:30 on the day clocks spring from 02:00 to 03:00) fires at the first
///   valid instant after the gap (03:00), as Vixie cron does; several such times (02:00, 02:15, ...) fire once.
/// - A wall time that occurs twice (02:30 on the day clocks fall back from 03:00 to 02:00) fires once, at its first
///   occurrence. An interval schedule (`*/15 * * * *`) therefore pauses for the repeated hour; use `UTC` for an
///   exact interval.
public struct CronSchedule: Sendable, Equatable {
    public let expression: CronExpression
    public let timeZone: TimeZone

    public init(_ expression: CronExpression, timeZone: TimeZone) {
        self.expression = expression
        self.timeZone = timeZone
    }

    /// The first instant strictly after `date` at which the schedule fires, or `nil` if it never does again.
    public func next(after date: Date) -> Date? {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        var wall = WallTime(naiveSeconds: seconds + Int64(timeZone.secondsFromGMT(for: date)))
        // A wall time passed already when its instant is not after `date`: in the repeated hour, or mapped to the end of a gap.
        for _ in 0..<100_000 {
            guard let candidate = expression.nextWallTime(after: wall) else { return nil }
            let instant = firstInstant(of: candidate)
            if instant > seconds { return Date(timeIntervalSince1970: Double(instant)) }
            wall = candidate
        }
        return nil
    }

    /// The last instant at or before `date` at which the schedule fired, or `nil` if not within about five years.
    /// Searches back over growing windows, so it steps through few ticks however frequent the schedule.
    public func latest(atOrBefore date: Date) -> Date? {
        for window: Double in [60, 3600, 86_400, 32 * 86_400, 367 * 86_400, 5 * 367 * 86_400] {
            guard var found = next(after: date.addingTimeInterval(-window)), found <= date else { continue }
            while let later = next(after: found), later <= date { found = later }
            return found
        }
        return nil
    }

    /// The earliest instant (seconds since 1970) showing wall time `wall`; for a wall time in a gap, the instant the gap ends.
    func firstInstant(of wall: WallTime) -> Int64 {
        let naive = wall.naiveSeconds
        let offsets = [-86_400, 86_400].map { Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(naive + Int64($0))))) }
        let valid = Set(offsets).map { naive - $0 }.filter { offset(at: $0) == naive - $0 }
        if let earliest = valid.min() { return earliest }
        // In a gap: the offset grows from the smaller to the larger somewhere in (low, high]; find the first instant after it.
        var low = naive - offsets.max()!
        var high = naive - offsets.min()!
        let later = offset(at: high)
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if offset(at: middle) == later { high = middle } else { low = middle }
        }
        return high
    }

    private func offset(at seconds: Int64) -> Int64 {
        Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds))))
    }
}
