import Queue
import Testing

@Suite struct BackoffTests {
    @Test(arguments: 1...30)
    func delayStaysWithinJitteredBounds(attempt: Int) {
        let backoff = Backoff()
        let ceiling = backoff.ceiling(attempt: attempt)
        #expect(ceiling <= .seconds(3600))
        #expect(backoff.delay(attempt: attempt, random: 0) == ceiling)
        let lowest = backoff.delay(attempt: attempt, random: 0.999_999)
        #expect(lowest >= ceiling * 0.75 - .milliseconds(1) && lowest <= ceiling)
        for _ in 0..<50 {
            let delay = backoff.delay(attempt: attempt)
            #expect(delay >= ceiling * 0.75 - .milliseconds(1) && delay <= ceiling)
        }
    }

    @Test func growsExponentiallyThenCaps() {
        let backoff = Backoff(base: .seconds(1), cap: .seconds(60), jitter: 0.25)
        #expect(backoff.ceiling(attempt: 1) == .seconds(1))
        #expect(backoff.ceiling(attempt: 2) == .seconds(2))
        #expect(backoff.ceiling(attempt: 6) == .seconds(32))
        #expect(backoff.ceiling(attempt: 7) == .seconds(60))
        #expect(backoff.ceiling(attempt: 1000) == .seconds(60))
    }
}
