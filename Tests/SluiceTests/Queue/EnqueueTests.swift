import Foundation
import PostgresNIO
import Queue
import Testing

@Suite struct EnqueueTests {
    @Test func enqueuesOneJobWithItsOptions() async throws {
        try await TestDatabase.with { db in
            let enqueued = try await db.queue.enqueue(
                NewJob(kind: "email", queue: "mail", payload: #"{"to":"a@example.com"}"#, priority: 3, maxAttempts: 7, createdBy: "test")
            )
            #expect(enqueued.created)
            let job = try #require(try await db.queue.job(enqueued.id))
            #expect(job.kind == "email")
            #expect(job.queue == "mail")
            #expect(job.state == .available)
            #expect(job.priority == 3)
            #expect(job.maxAttempts == 7)
            #expect(job.attempt == 0)
            #expect(job.payload.contains("a@example.com"))
        }
    }

    @Test func batchAnswersInInputOrder() async throws {
        try await TestDatabase.with { db in
            let jobs = (0..<500).map { NewJob(kind: "noop", payload: #"{"n":\#($0)}"#) }
            let enqueued = try await db.queue.enqueue(jobs)
            #expect(enqueued.count == 500)
            #expect(enqueued.allSatisfy { $0.created })
            let payload = try await db.scalar("SELECT payload->>'n' FROM jobs WHERE id = \(enqueued[321].id)", as: String.self)
            #expect(payload == "321")
        }
    }

    @Test func delayedJobIsScheduledAndNotClaimableYet() async throws {
        try await TestDatabase.with { db in
            let job = try await db.queue.enqueue(NewJob(kind: "noop").delayed(by: .seconds(3600)))
            #expect(try await db.queue.job(job.id)?.state == .scheduled)
            let claimed = try await db.queue.claim(workerID: "w", queues: ["default"], limit: 10, lease: .seconds(30))
            #expect(claimed.isEmpty)
        }
    }

    @Test func uniqueKeyReturnsTheLiveJobInsteadOfCreatingOne() async throws {
        try await TestDatabase.with { db in
            let first = try await db.queue.enqueue(NewJob(kind: "sync", uniqueKey: "customer-42"))
            let second = try await db.queue.enqueue(NewJob(kind: "sync", uniqueKey: "customer-42"))
            #expect(first.created)
            #expect(second == EnqueuedJob(id: first.id, created: false))
            let batch = try await db.queue.enqueue([NewJob(kind: "sync", uniqueKey: "k"), NewJob(kind: "sync", uniqueKey: "k")])
            #expect(batch[0].created && !batch[1].created && batch[0].id == batch[1].id)
            #expect(try await db.scalar("SELECT count(*) FROM jobs", as: Int.self) == 2)

            let claimed = try await db.queue.claim(workerID: "w", queues: ["default"], limit: 10, lease: .seconds(30))
            try await db.queue.complete(claimed.map(\.id), workerID: "w")
            let third = try await db.queue.enqueue(NewJob(kind: "sync", uniqueKey: "customer-42"))
            #expect(third.created && third.id != first.id)
        }
    }

    @Test func concurrentEnqueuesOfOneUniqueKeyCreateOneJob() async throws {
        try await TestDatabase.with { db in
            let results = try await withThrowingTaskGroup(of: EnqueuedJob.self) { group in
                for _ in 0..<20 { group.addTask { try await db.queue.enqueue(NewJob(kind: "sync", uniqueKey: "once")) } }
                return try await group.reduce(into: [EnqueuedJob]()) { $0.append($1) }
            }
            #expect(results.filter(\.created).count == 1)
            #expect(Set(results.map(\.id)).count == 1)
        }
    }

    @Test func enqueueJoinsTheCallersTransaction() async throws {
        try await TestDatabase.with { db in
            struct Rollback: Error {}
            await #expect(throws: PostgresTransactionError.self) {
                try await db.client.withTransaction(logger: db.logger) { connection in
                    try await db.queue.enqueue(NewJob(kind: "noop"), on: connection)
                    throw Rollback()
                }
            }
            #expect(try await db.scalar("SELECT count(*) FROM jobs", as: Int.self) == 0)
            _ = try await db.client.withTransaction(logger: db.logger) { connection in
                try await db.queue.enqueue(NewJob(kind: "noop"), on: connection)
            }
            #expect(try await db.scalar("SELECT count(*) FROM jobs", as: Int.self) == 1)
        }
    }

    @Test(arguments: [
        (NewJob(kind: ""), "kind"), (NewJob(kind: "x", queue: "Bad Queue"), "queue"), (NewJob(kind: "x", maxAttempts: 0), "max_attempts"),
        (NewJob(kind: "x", priority: 5000), "priority"), (NewJob(kind: "x", uniqueKey: ""), "unique_key"),
        (NewJob(kind: "x", payload: "{not json"), "payload"),
    ])
    func invalidJobsAreRefusedNamingTheField(job: NewJob, field: String) async throws {
        try await TestDatabase.with { db in
            await #expect {
                try await db.queue.enqueue([NewJob(kind: "fine"), job])
            } throws: { error in
                if case .invalid(let named, _) = error as? QueueError { return named == field }
                return false
            }
            let stored = try await db.scalar("SELECT count(*) FROM jobs", as: Int.self)
            #expect(stored == 0)
        }
    }
}
