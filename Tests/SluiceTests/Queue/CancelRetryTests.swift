import Foundation
import Queue
import Testing

@Suite struct CancelRetryTests {
    @Test func waitingJobsCancelAtOnce() async throws {
        try await TestDatabase.with { db in
            let available = try await db.queue.enqueue(NewJob(kind: "noop"))
            let scheduled = try await db.queue.enqueue(NewJob(kind: "noop").delayed(by: .seconds(600)))
            #expect(try await db.queue.cancel(available.id) == .cancelled)
            #expect(try await db.queue.cancel(scheduled.id) == .cancelled)
            #expect(try await db.queue.job(available.id)?.state == .cancelled)
            #expect(try await db.queue.job(scheduled.id)?.state == .cancelled)
            await #expect(throws: QueueError.wrongState(id: available.id, state: .cancelled)) { try await db.queue.cancel(available.id) }
            await #expect(throws: QueueError.notFound(id: 999_999)) { try await db.queue.cancel(999_999) }
            #expect(try await db.queue.counters().first?.cancelled == 2)
        }
    }

    @Test func runningJobIsAskedToStop() async throws {
        try await TestDatabase.with { db in
            let job = try await db.queue.enqueue(NewJob(kind: "noop"))
            _ = try await db.queue.claim(workerID: "w", queues: ["default"], limit: 1, lease: .seconds(30))
            #expect(try await db.queue.cancel(job.id) == .stopRequested)
            #expect(try await db.queue.extendLeases(workerID: "w", lease: .seconds(30)) == [job.id])
            try await db.queue.markCancelled([job.id], workerID: "w")
            #expect(try await db.queue.job(job.id)?.state == .cancelled)
        }
    }

    @Test func discardedJobCanBeRetried() async throws {
        try await TestDatabase.with { db in
            let job = try await db.queue.enqueue(NewJob(kind: "noop", maxAttempts: 1, uniqueKey: "only-one"))
            let claimed = try await db.queue.claim(workerID: "w", queues: ["default"], limit: 1, lease: .seconds(30))
            try await db.queue.fail([JobFailure(id: job.id, error: "nope", retryIn: .zero, discard: claimed[0].isLastAttempt)], workerID: "w")
            #expect(try await db.queue.job(job.id)?.state == .discarded)

            try await db.queue.retry(job.id)
            let retried = try #require(try await db.queue.job(job.id))
            #expect(retried.state == .available)
            #expect(retried.attempt == 0)
            #expect(retried.errors.count == 1)
            await #expect(throws: QueueError.wrongState(id: job.id, state: .available)) { try await db.queue.retry(job.id) }
            let again = try await db.queue.claim(workerID: "w", queues: ["default"], limit: 1, lease: .seconds(30))
            #expect(again.map(\.id) == [job.id])
        }
    }

    @Test func retryRefusesWhenTheUniqueKeyIsTakenAgain() async throws {
        try await TestDatabase.with { db in
            let job = try await db.queue.enqueue(NewJob(kind: "noop", uniqueKey: "k"))
            #expect(try await db.queue.cancel(job.id) == .cancelled)
            _ = try await db.queue.enqueue(NewJob(kind: "noop", uniqueKey: "k"))
            await #expect(throws: QueueError.uniqueKeyTaken(id: job.id)) { try await db.queue.retry(job.id) }
            #expect(try await db.queue.job(job.id)?.state == .cancelled)
        }
    }
}
