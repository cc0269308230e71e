import Foundation
import Queue
import Testing

@Suite struct FailureTests {
    @Test func failedJobRetriesWithBackoffThenIsDiscardedKeepingEveryError() async throws {
        try await TestDatabase.with { db in
            let job = try await db.queue.enqueue(NewJob(kind: "flaky", maxAttempts: 3))
            for attempt in 1...3 {
                // Make the retry due now so the next claim picks it up.
                try await db.execute("UPDATE jobs SET run_at = now() WHERE id = \(job.id)")
                let claimed = try #require(try await db.queue.claim(workerID: "w", queues: ["default"], limit: 1, lease: .seconds(30)).first)
                #expect(claimed.attempt == attempt)
                try await db.queue.fail(
                    [JobFailure(id: claimed.id, error: "boom \(attempt)", retryIn: .seconds(60), discard: claimed.isLastAttempt)],
                    workerID: "w"
                )
                let record = try #require(try await db.queue.job(job.id))
                #expect(record.state == (attempt < 3 ? .retryable : .discarded))
                if attempt < 3 {
                    let wait = try await db.scalar("SELECT extract(epoch FROM run_at - now())::float8 FROM jobs WHERE id = \(job.id)", as: Double.self)
                    #expect(wait > 55 && wait <= 60)
                }
            }
            let discarded = try #require(try await db.queue.job(job.id))
            #expect(discarded.errors.map(\.error) == ["boom 1", "boom 2", "boom 3"])
            #expect(discarded.errors.map(\.attempt) == [1, 2, 3])
            #expect(try await db.queue.stats().contains(QueueStat(queue: "default", kind: "flaky", state: .discarded, count: 1)))
            #expect(try await db.queue.counters().first?.discarded == 1)
        }
    }
}
