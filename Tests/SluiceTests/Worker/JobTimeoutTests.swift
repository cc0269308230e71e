import Foundation
import Queue
import Synchronization
import Testing
import Worker

/// Sleeps for as long as the payload says (in seconds), or forever; logs as it goes. Honours cancellation.
struct SleepyHandler: JobHandler {
    let kind = "sleepy"
    var timeout: Duration?

    func run(_ job: JobContext) async throws {
        job.log("going to sleep")
        try await Task.sleep(for: .seconds(Double(job.job.payload) ?? 3600))  // the slow job itself, cut short by its timeout
        job.log("woke up")
    }
}

@Suite struct JobTimeoutTests {
    @Test func aTimedOutHandlerIsCancelledFreesItsSlotAndItsAttemptRecordsTheTimeout() async throws {
        try await TestDatabase.with { db in
            try await db.withWorker([SleepyHandler(), NoopJobHandler()], configure: { $0.concurrency = 1 }) {
                let stuck = try await db.queue.enqueue(NewJob(kind: "sleepy", maxAttempts: 1, timeoutSeconds: 1))
                let next = try await db.queue.enqueue(NewJob(kind: "noop"))
                try await poll("the stuck job to time out", timeout: .seconds(20)) { try await db.queue.job(stuck.id)?.state == .discarded }
                let record = try #require(try await db.queue.job(stuck.id))
                #expect(record.errors.map(\.error) == ["timed out after 1 s"])
                #expect(record.timeoutSeconds == 1)
                try await poll("the next job to get the freed slot") { try await db.queue.job(next.id)?.state == .completed }
                #expect(try await db.queue.logs(jobID: stuck.id).map(\.message) == ["going to sleep"])
            }
        }
    }

    @Test func theKindsTimeoutAppliesWhenTheJobHasNone() async throws {
        try await TestDatabase.with { db in
            try await db.withWorker([SleepyHandler(timeout: .milliseconds(300))]) {
                let job = try await db.queue.enqueue(NewJob(kind: "sleepy", maxAttempts: 1))
                let quick = try await db.queue.enqueue(NewJob(kind: "sleepy", payload: "0.01", maxAttempts: 1))
                try await poll("the job to time out") { try await db.queue.job(job.id)?.state == .discarded }
                #expect(try await db.queue.job(job.id)?.errors.map(\.error) == ["timed out after 0.3 s"])
                try await poll("the quick job to complete") { try await db.queue.job(quick.id)?.state == .completed }
            }
        }
    }

    @Test func enqueueRefusesATimeoutOutOfRange() async throws {
        _ = try await TestDatabase.with { db in
            await #expect(throws: QueueError.invalid(field: "timeout_seconds", reason: "must be in 1...86400")) {
                try await db.queue.enqueue(NewJob(kind: "noop", timeoutSeconds: 0))
            }
        }
    }
}
