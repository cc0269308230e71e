import Foundation
import MetricsExporter
import Queue
import Testing

/// Pauses and global limits as the claim statements see them, against a real database.
@Suite struct QueueControlTests {
    func claimAll(_ db: TestDatabase, _ queues: [String], limit: Int = 100) async throws -> [ClaimedJob] {
        let fast = try await db.queue.claim(workerID: "w", queues: queues, limit: limit, lease: .seconds(30))
        let controlled = try await db.queue.claimControlled(workerID: "w", queues: queues, limit: limit, lease: .seconds(30))
        return fast + controlled
    }

    @Test func aPausedQueueIsClaimedByNeitherStatementUntilResumed() async throws {
        try await TestDatabase.with { db in
            let held = try await db.queue.enqueue(NewJob(kind: "noop"))
            let other = try await db.queue.enqueue(NewJob(kind: "noop", queue: "other"))
            try await db.queue.pause(queue: "default")
            try await db.queue.pause(queue: "default")
            #expect(try await claimAll(db, ["default", "other"]).map(\.id) == [other.id])
            #expect(try await db.queue.controls().pausedQueues == ["default"])
            try await db.queue.resume(queue: "default")
            #expect(try await db.queue.controls().rows.isEmpty, "a row controlling nothing is dropped")
            #expect(try await claimAll(db, ["default"]).map(\.id) == [held.id])
        }
    }

    @Test func aPausedKindHoldsOnlyThatKindWithoutReadingPastItsBacklog() async throws {
        try await TestDatabase.with { db in
            _ = try await db.queue.enqueue((0..<500).map { _ in NewJob(kind: "partner_down") })
            let others = try await db.queue.enqueue((0..<3).map { _ in NewJob(kind: "fine") })
            try await db.queue.pause(queue: "default", kind: "partner_down")
            #expect(try await db.queue.claim(workerID: "w", queues: ["default"], limit: 10, lease: .seconds(30)).isEmpty)
            let claimed = try await db.queue.claimControlled(workerID: "w", queues: ["default"], limit: 10, lease: .seconds(30))
            #expect(Set(claimed.map(\.id)) == Set(others.map(\.id)))
            let summary = try await db.queue.queueSummary("default")
            #expect(summary.pausedKinds == ["partner_down"] && !summary.paused && summary.depth == 500 && summary.running == 3)
            try await db.queue.resume(queue: "default", kind: "partner_down")
            #expect(try await db.queue.claim(workerID: "w", queues: ["default"], limit: 10, lease: .seconds(30)).count == 10)
        }
    }

    @Test func claimsAtTheSameMomentTogetherTakeNoMoreThanTheLimit() async throws {
        try await TestDatabase.with { db in
            // Capped jobs first: in claim order they come before the others, so only their own limit holds them back.
            _ = try await db.queue.enqueue((0..<200).map { _ in NewJob(kind: "capped") })
            _ = try await db.queue.enqueue((0..<200).map { _ in NewJob(kind: "noop") })
            try await db.queue.setLimit(queue: "default", maxRunning: 7)
            try await db.queue.setLimit(queue: "default", kind: "capped", maxRunning: 2)
            let claimed = try await withThrowingTaskGroup(of: [ClaimedJob].self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        try await db.queue.claimControlled(workerID: "w\(worker)", queues: ["default"], limit: 50, lease: .seconds(30))
                    }
                }
                return try await group.reduce(into: [ClaimedJob]()) { $0 += $1 }
            }
            #expect(claimed.count == 7)
            #expect(claimed.filter { $0.kind == "capped" }.count == 2)
            #expect(try await db.scalar("SELECT count(*) FROM jobs WHERE state = 'running'", as: Int.self) == 7)
            // A finished job frees exactly its slot.
            let done = claimed[0]
            #expect(try await db.queue.complete([done.id], workerID: try #require(try await db.queue.job(done.id)?.lockedBy)) == 1)
            #expect(try await db.queue.claimControlled(workerID: "w9", queues: ["default"], limit: 50, lease: .seconds(30)).count == 1)
            try await db.queue.removeLimit(queue: "default")
            let summary = try await db.queue.queueSummary("default")
            #expect(summary.limit == nil && summary.kindLimits == ["capped": 2])
        }
    }

    @Test func controlsRefuseBadNamesAndLimits() async throws {
        try await TestDatabase.with { db in
            await #expect(throws: QueueError.invalid(field: "queue", reason: "must be 1-64 characters of a-z, 0-9, '_', '-', '.'")) {
                try await db.queue.pause(queue: "Not Valid")
            }
            await #expect(throws: QueueError.invalid(field: "max_running", reason: "must be in 1...100000")) {
                try await db.queue.setLimit(queue: "default", maxRunning: 0)
            }
            await #expect(throws: QueueError.invalid(field: "kind", reason: "must be 1-128 characters")) {
                try await db.queue.pause(queue: "default", kind: "")
            }
            let rows = try await db.queue.controls().rows
            #expect(rows.isEmpty)
        }
    }

    @Test func theExporterSnapshotShowsWhatIsPaused() async throws {
        try await TestDatabase.with { db in
            try await db.queue.pause(queue: "default")
            try await db.queue.pause(queue: "webhooks", kind: "deliver")
            try await db.queue.setLimit(queue: "outbound", maxRunning: 3)
            let snapshot = try await SnapshotReader(exactLimit: 1000, logger: db.logger).read(from: db.client)
            #expect(snapshot.paused == [Labeled(["default", ""], 1), Labeled(["webhooks", "deliver"], 1)])
        }
    }
}
