import Synchronization

/// Holds back deliveries to one endpoint, in this worker process, without occupying the worker's slots: a
/// delivery that may not go now is snoozed until about its turn. Three limits apply: deliveries in flight at once,
/// deliveries per second (a token bucket), and the endpoint's circuit breaker.
///
/// Held-back deliveries queue up: each gets the next turn after the last one handed out, the turns spaced as the
/// endpoint frees room (its latency over its concurrency, or its rate's interval). One shared wait would bring a
/// slow endpoint's whole backlog back at once, to be claimed and snoozed again, work that the other endpoints'
/// deliveries would queue behind.
final class EndpointGate: Sendable {
    struct Limits: Sendable {
        let maxConcurrency: Int
        let ratePerSecond: Int?
    }

    private struct EndpointState {
        var inFlight = 0
        var tokens = 0.0
        var refilledAt: ContinuousClock.Instant?
        var circuit = Circuit()
        /// Seconds a request to the endpoint takes, smoothed.
        var latency = 0.05
        /// When the last free slot was taken, if none has been freed since: every request in flight is at least that old.
        var fullSince: ContinuousClock.Instant?
        /// The turn last handed to a held-back delivery.
        var lastTurn: ContinuousClock.Instant?

        /// The next turn for a delivery that may not go now, and how long until then.
        mutating func nextTurn(_ limits: Limits, now: ContinuousClock.Instant) -> Duration {
            let latency = max(self.latency, fullSince.map { (now - $0).seconds } ?? 0, 0.05)
            let interval = max(latency / Double(limits.maxConcurrency), limits.ratePerSecond.map { 1 / Double($0) } ?? 0)
            let turn = max(now, lastTurn ?? now) + .seconds(interval)
            // Waits end within a minute (`spread`); so does the queue, or an endpoint that has recovered would keep
            // handing out turns far ahead for a backlog long gone.
            lastTurn = min(turn, now + .seconds(60))
            return turn - now
        }
    }

    private let endpoints = Mutex<[Int64: EndpointState]>([:])

    /// Nil when a delivery to `endpointID` may go now (it then counts as in flight until `finish`); otherwise how
    /// long to snooze it.
    func admit(_ endpointID: Int64, limits: Limits, now: ContinuousClock.Instant = .now) -> Duration? {
        endpoints.withLock { endpoints in
            var state = endpoints[endpointID] ?? EndpointState()
            defer { endpoints[endpointID] = state }
            if state.inFlight >= limits.maxConcurrency { return Self.spread(state.nextTurn(limits, now: now), most: 1.1) }
            if let rate = limits.ratePerSecond {
                let elapsed = state.refilledAt.map { (now - $0).seconds } ?? 1
                state.tokens = min(Double(rate), state.tokens + elapsed * Double(rate))
                state.refilledAt = now
                guard state.tokens >= 1 else { return Self.spread(state.nextTurn(limits, now: now), most: 1.1) }
            }
            if let wait = state.circuit.admit(now: now) { return Self.spread(wait) }
            if limits.ratePerSecond != nil { state.tokens -= 1 }
            state.inFlight += 1
            if state.inFlight == limits.maxConcurrency { state.fullSince = now }
            return nil
        }
    }

    /// A delivery that `admit` let through has ended; `success` feeds the circuit (an answer that says the endpoint
    /// is down or overloaded counts as a failure, a client error does not).
    func finish(_ endpointID: Int64, success: Bool, latency: Duration, now: ContinuousClock.Instant = .now) {
        endpoints.withLock { endpoints in
            guard var state = endpoints[endpointID] else { return }
            state.inFlight -= 1
            state.fullSince = nil
            state.latency = 0.8 * state.latency + 0.2 * latency.seconds
            state.circuit.record(success: success, now: now)
            endpoints[endpointID] = state
        }
    }

    /// Endpoints whose circuit is open or half-open in this process.
    var openCircuits: Int { endpoints.withLock { $0.values.count { $0.circuit.isOpen } } }

    /// A wait of at most a minute, stretched by a random factor in [1, `most`), so deliveries held back together
    /// do not return together. Turns are spaced already, and need only a little of it.
    static func spread(_ wait: Duration, most: Double = 2) -> Duration {
        min(wait, .seconds(60)) * Double.random(in: 1..<most)
    }
}
