import Foundation
import Queue
import Testing

@Suite struct ClaimTests {
    @Test func claimLocksDueJobsInPriorityOrder() async throws {
        try await TestDatabase.with { db in
            let low = try await db.queue.enqueue(NewJob(kind: "noop", priority: 5))
            let high = try await db.queue.enqueue(NewJob(kind: "noop", priority: 1))
            _ = try await db.queue.enqueue(NewJob(kind: "noop", queue: "other"))
            let claimed = try await db.queue.claim(workerID: "w1", queues: ["default"], limit: 10, lease: .seconds(30))
            #expect(claimed.map(\.id) == [high.id, low.id])
            #expect(claimed.allSatisfy { $0.attempt == 1 })
            let job = try #require(try await db.queue.job(high.id))
            #expect(job.state == .running)
            #expect(job.lockedBy == "w1")
            let lease = try await db.scalar("SELECT extract(epoch FROM lease_expires_at - now())::float8 FROM jobs WHERE id = \(high.id)", as: Double.self)
            #expect(lease > 25 && lease <= 30)
        }
    }

    @Test func claimAcrossQueuesTakesTheMostUrgentFirst() async throws {
        try await TestDatabase.with { db in
            let later = try await db.queue.enqueue(NewJob(kind: "noop", queue: "a", priority: 5))
            let urgent = try await db.queue.enqueue(NewJob(kind: "noop", queue: "b", priority: 1))
            let first = try await db.queue.claim(workerID: "w", queues: ["a", "b"], limit: 1, lease: .seconds(30))
            #expect(first.map(\.id) == [urgent.id])
            #expect(try await db.queue.job(later.id)?.state == .available)
            let rest = try await db.queue.claim(workerID: "w", queues: ["a", "b", "c"], limit: 5, lease: .seconds(30))
            #expect(rest.map(\.id) == [later.id])
        }
    }

    @Test func concurrentClaimsNeverShareAJob() async throws {
        try await TestDatabase.with { db in
            _ = try await db.queue.enqueue((0..<400).map { _ in NewJob(kind: "noop") })
            let batches = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        var mine: [Int64] = []
                        while true {
                            let jobs = try await db.queue.claim(workerID: "w\(worker)", queues: ["default"], limit: 25, lease: .seconds(30))
                            if jobs.isEmpty { return mine }
                            mine += jobs.map(\.id)
                        }
                    }
                }
                return try await group.reduce(into: [[Int64]]()) { $0.append($1) }
            }
            let all = batches.flatMap { $0 }
            #expect(all.count == 400)
            #expect(Set(all).count == 400)
        }
    }

    @Test func completeMovesJobsToHistoryAndCountsThem() async throws {
        try await TestDatabase.with { db in
            _ = try await db.queue.enqueue((0..<10).map { _ in NewJob(kind: "noop") })
            let claimed = try await db.queue.claim(workerID: "w", queues: ["default"], limit: 10, lease: .seconds(30))
            #expect(try await db.queue.complete(claimed.map(\.id), workerID: "other") == 0)
            #expect(try await db.queue.complete(claimed.map(\.id), workerID: "w") == 10)
            #expect(try await db.scalar("SELECT count(*) FROM jobs", as: Int.self) == 0)
            #expect(try await db.scalar("SELECT count(*) FROM job_history WHERE state = 'completed'", as: Int.self) == 10)
            #expect(try await db.queue.counters() == [JobCounter(queue: "default", kind: "noop", completed: 10, cancelled: 0, discarded: 0)])
        }
    }
}
