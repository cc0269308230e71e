/// A circuit breaker for one endpoint: after `threshold` failures in a row it opens and lets nothing through for a
/// cool-down (doubling each time it re-opens, up to `maxCooldown`); then one probe goes through (half-open): its
/// success closes the circuit, its failure opens it again.
struct Circuit: Sendable {
    enum State: Equatable, Sendable {
        case closed
        case open(until: ContinuousClock.Instant)
        case halfOpen
    }

    static let threshold = 5
    static let firstCooldown: Duration = .seconds(10)
    static let maxCooldown: Duration = .seconds(300)

    private(set) var state = State.closed
    private var failures = 0
    private var cooldown = Circuit.firstCooldown
    private var probing = false

    /// Nil when a request may go now; otherwise how long until the next probe may.
    mutating func admit(now: ContinuousClock.Instant) -> Duration? {
        switch state {
        case .closed:
            return nil
        case .open(let until):
            guard now >= until else { return until - now }
            state = .halfOpen
            probing = true
            return nil
        case .halfOpen:
            if probing { return cooldown / 10 }
            probing = true
            return nil
        }
    }

    mutating func record(success: Bool, now: ContinuousClock.Instant) {
        if success {
            state = .closed
            failures = 0
            cooldown = Self.firstCooldown
            probing = false
            return
        }
        failures += 1
        if state == .halfOpen {
            cooldown = min(cooldown * 2, Self.maxCooldown)
            state = .open(until: now + cooldown)
            probing = false
        } else if failures >= Self.threshold, state == .closed {
            state = .open(until: now + cooldown)
        }
    }

    var isOpen: Bool { state != .closed }
}
