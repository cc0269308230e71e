import Foundation
import Queue
import Testing

@Suite struct MaintenanceTests {
    @Test func expiredLeasesAreRescuedOrDiscarded() async throws {
        try await TestDatabase.with { db in
            let retriable = try await db.queue.enqueue(NewJob(kind: "noop", maxAttempts: 5))
            let lastTry = try await db.queue.enqueue(NewJob(kind: "noop", maxAttempts: 1))
            let stopping = try await db.queue.enqueue(NewJob(kind: "noop"))
            let healthy = try await db.queue.enqueue(NewJob(kind: "noop"))
            _ = try await db.queue.claim(workerID: "dead", queues: ["default"], limit: 4, lease: .seconds(30))
            #expect(try await db.queue.cancel(stopping.id) == .stopRequested)
            try await db.execute("UPDATE jobs SET lease_expires_at = now() - interval '1 second' WHERE id <> \(healthy.id)")

            #expect(try await db.queue.rescueExpired() == 3)
            let rescued = try #require(try await db.queue.job(retriable.id))
            #expect(rescued.state == .available)
            #expect(rescued.lockedBy == nil)
            #expect(rescued.errors.first?.error.contains("lease expired") == true)
            #expect(try await db.queue.job(lastTry.id)?.state == .discarded)
            #expect(try await db.queue.job(stopping.id)?.state == .cancelled)
            #expect(try await db.queue.job(healthy.id)?.state == .running)
        }
    }

    @Test func onlyOneProcessRunsMaintenanceAtATime() async throws {
        try await TestDatabase.with { db in
            let key = "sluice.maintenance.\(db.schema)"
            try await db.client.withTransaction(logger: db.logger) { connection in
                _ = try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(key)))", logger: db.logger).collect()
                let blocked = try await db.queue.runMaintenance(retention: Retention(), staleWorkerAfter: .seconds(60))
                #expect(!blocked.ranAsLeader)
            }
            let free = try await db.queue.runMaintenance(retention: Retention(), staleWorkerAfter: .seconds(60))
            #expect(free.ranAsLeader)
        }
    }

    @Test func pruningKeepsTheCountersAndRecentHistory() async throws {
        try await TestDatabase.with { db in
            _ = try await db.queue.enqueue((0..<6).map { _ in NewJob(kind: "noop") })
            let claimed = try await db.queue.claim(workerID: "w", queues: ["default"], limit: 6, lease: .seconds(30))
            try await db.queue.complete(claimed.map(\.id), workerID: "w")
            try await db.execute("UPDATE job_history SET finished_at = now() - interval '2 days' WHERE id IN (\(claimed[0].id), \(claimed[1].id))")

            #expect(try await db.queue.pruneHistory(Retention(completed: .seconds(86_400)), batchSize: 1) == 2)
            #expect(try await db.scalar("SELECT count(*) FROM job_history", as: Int.self) == 4)
            #expect(try await db.queue.counters().first?.completed == 6)
        }
    }

    @Test func staleWorkerRowsAreRemoved() async throws {
        try await TestDatabase.with { db in
            try await db.queue.heartbeat(workerID: "gone", hostname: "h", pid: 1, queues: ["default"], concurrency: 1)
            try await db.queue.heartbeat(workerID: "alive", hostname: "h", pid: 2, queues: ["default"], concurrency: 1)
            try await db.execute("UPDATE workers SET heartbeat_at = now() - interval '10 minutes' WHERE id = 'gone'")
            #expect(try await db.queue.pruneWorkers(staleAfter: .seconds(120)) == 1)
            #expect(try await db.queue.workers().map(\.id) == ["alive"])
        }
    }
}
