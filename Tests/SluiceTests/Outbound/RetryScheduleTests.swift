import Foundation
import Testing

@testable import Outbound

@Suite struct RetryScheduleTests {
    @Test func defaultScheduleIsSvixsWithTwentyPercentJitter() {
        let schedule = RetrySchedule.standard
        #expect(schedule.seconds == [5, 300, 1800, 7200, 18000, 36000, 36000])
        #expect(schedule.maxAttempts == 8)
        #expect(schedule.delay(afterAttempt: 1, random: 0) == .seconds(4))
        #expect(schedule.delay(afterAttempt: 1, random: 0.5) == .seconds(5))
        #expect(abs(schedule.delay(afterAttempt: 2, random: 0.9999).seconds - 360) < 0.1)
        #expect(schedule.delay(afterAttempt: 99, random: 0.5) == .seconds(36000))
    }

    @Test func retryAfterIsHonouredWithinOnceToTwiceTheScheduledWait() {
        #expect(RetrySchedule.wait(scheduled: .seconds(10), retryAfter: .seconds(15), overloaded: false) == .seconds(15))
        #expect(RetrySchedule.wait(scheduled: .seconds(10), retryAfter: .seconds(3), overloaded: false) == .seconds(10))
        #expect(RetrySchedule.wait(scheduled: .seconds(10), retryAfter: .seconds(3600), overloaded: false) == .seconds(20))
        #expect(RetrySchedule.wait(scheduled: .seconds(10), retryAfter: nil, overloaded: false) == .seconds(10))
    }

    @Test func overloadWaitsAtLeastAMinute() {
        #expect(RetrySchedule.wait(scheduled: .seconds(5), retryAfter: nil, overloaded: true) == .seconds(60))
        #expect(RetrySchedule.wait(scheduled: .seconds(300), retryAfter: nil, overloaded: true) == .seconds(300))
    }

    @Test func retryAfterReadsSecondsAndHTTPDates() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(RetrySchedule.parseRetryAfter("120", now: now) == .seconds(120))
        #expect(RetrySchedule.parseRetryAfter("Wed, 15 Nov 2023 00:13:20 GMT", now: now) == .seconds(7200))
        #expect(RetrySchedule.parseRetryAfter("soon", now: now) == nil)
        #expect(RetrySchedule.parseRetryAfter(nil, now: now) == nil)
    }

    @Test(arguments: [[], [0], [1, -5], Array(repeating: 1, count: 21), [700_000]])
    func refusesUnusableSchedules(seconds: [Int]) {
        #expect(throws: OutboundError.self) { try RetrySchedule(seconds: seconds) }
    }
}

@Suite struct EndpointFilterTests {
    @Test(arguments: [
        ([String](), "order.created", true), ([], "endpoint.disabled", true), (["order.*"], "order.created", true),
        (["order.*"], "order", false), (["order.*"], "orders.created", false), (["order.created"], "order.created", true),
        (["order.created"], "order.updated", false), (["invoice.paid", "order.*"], "invoice.paid", true),
    ])
    func matchesExactNamesPrefixesAndEverything(patterns: [String], eventType: String, expected: Bool) {
        #expect(EndpointFilter(patterns).matches(eventType) == expected)
    }

    @Test(arguments: [
        ("order.created", true), ("order.*", true), ("a", true), ("Order_v2:eu-1.created", true), (String(repeating: "a", count: 200), true),
        (String(repeating: "a", count: 201), false), ("", false), ("*", false), (".*", false), ("order.", false), (".order", false),
        ("order..created", false), ("order.*.*", false), ("order.cre*", false), ("order created", false), ("ordér.created", false),
        ("order.created\n", false), ("order/created", false),
    ])
    func patternsAreDotSeparatedNamesWithAnOptionalWildcard(pattern: String, valid: Bool) {
        #expect(EndpointFilter.isValidPattern(pattern) == valid)
        #expect(EndpointFilter.isValidEventType(pattern) == (valid && !pattern.hasSuffix(".*")))
    }

    @Test func operationalEventsReachOnlyEndpointsNamingThem() {
        #expect(!EndpointFilter([]).matches("endpoint.disabled", operational: true))
        #expect(!EndpointFilter(["endpoint.*"]).matches("endpoint.disabled", operational: true))
        #expect(EndpointFilter(["endpoint.disabled"]).matches("endpoint.disabled", operational: true))
    }
}

@Suite struct EndpointGateTests {
    @Test func concurrencyLimitHoldsBackTheRestUntilOneFinishes() {
        let gate = EndpointGate()
        let limits = EndpointGate.Limits(maxConcurrency: 2, ratePerSecond: nil)
        #expect(gate.admit(1, limits: limits) == nil)
        #expect(gate.admit(1, limits: limits) == nil)
        #expect(gate.admit(1, limits: limits) != nil)
        #expect(gate.admit(2, limits: limits) == nil)
        gate.finish(1, success: true, latency: .milliseconds(10))
        #expect(gate.admit(1, limits: limits) == nil)
    }

    @Test func rateLimitAdmitsAtMostTheRatePerSecond() {
        let gate = EndpointGate()
        let limits = EndpointGate.Limits(maxConcurrency: 100, ratePerSecond: 5)
        let now = ContinuousClock.now
        let admitted = (0..<20).filter { _ in gate.admit(1, limits: limits, now: now) == nil }.count
        #expect(admitted == 5)
        #expect(gate.admit(1, limits: limits, now: now + .milliseconds(250)) == nil)
    }

    /// A gate limited to `rate` deliveries a second, offered `deliveries` at one instant: the waits of those held back.
    static func saturated(rate: Int, deliveries: Int) -> (EndpointGate, EndpointGate.Limits, ContinuousClock.Instant, [Duration]) {
        let gate = EndpointGate()
        let limits = EndpointGate.Limits(maxConcurrency: 100, ratePerSecond: rate)
        let now = ContinuousClock.now
        return (gate, limits, now, (0..<deliveries).compactMap { _ in gate.admit(1, limits: limits, now: now) })
    }

    /// Five a second: the deliveries held back get turns 0.2 s apart, in the order they came, not one shared wait.
    @Test func deliveriesHeldByTheRateQueueForTurnsAtTheRate() {
        let (_, _, _, waits) = Self.saturated(rate: 5, deliveries: 25)
        #expect(waits.count == 20)
        for (index, wait) in waits.enumerated() {
            let turn = Duration.milliseconds(200 * (index + 1))
            #expect(wait >= turn && wait < turn * 1.1, "held delivery \(index): \(wait)")
        }
    }

    /// One a second and 70 held back: waits stop at a minute, and so does the queue, so 30 s later the next turn is
    /// a minute after the first wait began, not 70 s.
    @Test func theQueueOfHeldDeliveriesReachesAMinuteAheadAtMost() {
        let (gate, limits, now, waits) = Self.saturated(rate: 1, deliveries: 71)
        #expect(waits.count == 70)
        #expect(waits.allSatisfy { $0 < .seconds(66) } && waits.last.map { $0 >= .seconds(60) } == true)
        let later = now + .seconds(30)
        #expect(gate.admit(1, limits: limits, now: later) == nil)
        let wait = gate.admit(1, limits: limits, now: later)
        #expect(wait.map { $0 >= .seconds(31) && $0 < .milliseconds(34_100) } == true, "\(String(describing: wait))")
    }

    /// Two slots taken for 3 s with no answer yet: a request takes at least that long, so two may go every 3 s and
    /// the held deliveries' turns are 1.5 s apart.
    @Test func deliveriesHeldByAFullEndpointQueueForTurnsAsItsSlotsFree() {
        let gate = EndpointGate()
        let limits = EndpointGate.Limits(maxConcurrency: 2, ratePerSecond: nil)
        let now = ContinuousClock.now
        #expect(gate.admit(1, limits: limits, now: now) == nil)
        #expect(gate.admit(1, limits: limits, now: now) == nil)
        let later = now + .seconds(3)
        let waits = (0..<10).compactMap { _ in gate.admit(1, limits: limits, now: later) }
        #expect(waits.count == 10)
        #expect(waits.first.map { $0 >= .milliseconds(1500) && $0 < .milliseconds(1650) } == true, "\(waits)")
        #expect(waits.last.map { $0 >= .seconds(15) && $0 < .milliseconds(16500) } == true, "\(waits)")
        #expect(gate.admit(2, limits: limits, now: later) == nil)
    }

    @Test func circuitOpensAfterRepeatedFailuresAndProbesWhenHalfOpen() {
        var circuit = Circuit()
        let start = ContinuousClock.now
        for _ in 0..<Circuit.threshold { circuit.record(success: false, now: start) }
        #expect(circuit.isOpen)
        #expect(circuit.admit(now: start + .seconds(1)) != nil)
        let later = start + Circuit.firstCooldown + .seconds(1)
        #expect(circuit.admit(now: later) == nil)
        #expect(circuit.admit(now: later) != nil)
        circuit.record(success: false, now: later)
        #expect(circuit.admit(now: later + Circuit.firstCooldown + .seconds(1)) != nil)
        let again = later + Circuit.firstCooldown * 2 + .seconds(1)
        #expect(circuit.admit(now: again) == nil)
        circuit.record(success: true, now: again)
        #expect(!circuit.isOpen)
        #expect(circuit.admit(now: again) == nil)
    }
}
