import Common
import Foundation
import PostgresNIO
import Queue
import Testing

@Suite struct LeaseRenewalTests {
    /// Renewal runs beside the worker's own result writes, which lock the same rows in another order: it must skip a
    /// row another transaction holds instead of waiting for it (waiting is how the two deadlocked).
    @Test func renewalSkipsARowAnotherTransactionHoldsInsteadOfWaiting() async throws {
        try await TestDatabase.with { db in
            _ = try await db.queue.enqueue([NewJob(kind: "noop"), NewJob(kind: "noop")])
            let claimed = try await db.queue.claim(workerID: "w1", queues: [NewJob.defaultQueue], limit: 2, lease: .seconds(30))
            #expect(claimed.count == 2)
            let held = claimed[0].id
            try await db.client.withTransaction(logger: db.logger) { connection in
                try await connection.query("SELECT id FROM jobs WHERE id = \(held) FOR UPDATE", logger: db.logger)
                _ = try await withDeadline(.seconds(5)) { try await db.queue.extendLeases(workerID: "w1", lease: .seconds(60)) }
                var leases: [Int64: Bool] = [:]
                let rows = try await connection.query("SELECT id, lease_expires_at > now() + interval '45 seconds' FROM jobs", logger: db.logger)
                for try await (id, renewed) in rows.decode((Int64, Bool).self) { leases[id] = renewed }
                #expect(leases == [claimed[0].id: false, claimed[1].id: true])
            }
            _ = try await db.queue.extendLeases(workerID: "w1", lease: .seconds(60))
            let renewedBoth: Int = try await db.scalar("SELECT count(*)::int8 FROM jobs WHERE lease_expires_at > now() + interval '45 seconds'")
            #expect(renewedBoth == 2)
        }
    }
}
