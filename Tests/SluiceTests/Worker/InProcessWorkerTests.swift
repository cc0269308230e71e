import Foundation
import Queue
import Synchronization
import Testing
import Worker

/// A handler whose behaviour the test picks per payload.
final class ScriptedHandler: JobHandler {
    let kind = "scripted"
    let gate = Gate()
    let runs = Mutex<[Int64: Int]>([:])

    func run(_ job: JobContext) async throws {
        runs.withLock { $0[job.job.id, default: 0] += 1 }
        switch job.job.payload {
        case #""fail""#: throw JobFailed("scripted failure on attempt \(job.job.attempt)")
        case #""permanent""#: throw JobFailed("no retry can mend this", permanent: true)
        case #""late""#: throw JobFailed("try again in an hour", retryIn: .seconds(3600))
        case #""snooze-once""#:
            if runs.withLock({ $0[job.job.id] }) == 1 { throw JobSnoozed(.milliseconds(50)) }
        case #""hold""#:
            // Held until the test opens the gate, or until the worker stops the job (a cancel or a hand-back).
            await withTaskCancellationHandler { await gate.wait() } onCancel: { gate.open() }
            try Task.checkCancellation()
        default: return
        }
    }
}

@Suite struct InProcessWorkerTests {
    @Test func runsJobsAndRecordsFailuresUntilDiscarded() async throws {
        try await TestDatabase.with { db in
            let handler = ScriptedHandler()
            try await db.withWorker([handler], configure: { $0.backoff = Backoff(base: .milliseconds(10), cap: .milliseconds(20)) }) {
                let ok = try await db.queue.enqueue(NewJob(kind: "scripted", payload: #""ok""#))
                let bad = try await db.queue.enqueue(NewJob(kind: "scripted", payload: #""fail""#, maxAttempts: 3))
                let unknown = try await db.queue.enqueue(NewJob(kind: "nobody-handles-this", maxAttempts: 1))
                try await poll("jobs to finish") {
                    let states = [try await db.queue.job(ok.id)?.state, try await db.queue.job(bad.id)?.state, try await db.queue.job(unknown.id)?.state]
                    return states == [.completed, .discarded, .discarded]
                }
                let failed = try #require(try await db.queue.job(bad.id))
                #expect(failed.errors.map(\.error) == (1...3).map { "scripted failure on attempt \($0)" })
                #expect(handler.runs.withLock { $0[bad.id] } == 3)
                #expect(try await db.queue.job(unknown.id)?.errors.first?.error.contains("no handler registered") == true)
            }
        }
    }

    @Test func handlersChooseDiscardNowRetryDelayOrSnooze() async throws {
        try await TestDatabase.with { db in
            let handler = ScriptedHandler()
            try await db.withWorker([handler]) {
                let permanent = try await db.queue.enqueue(NewJob(kind: "scripted", payload: #""permanent""#, maxAttempts: 5))
                let late = try await db.queue.enqueue(NewJob(kind: "scripted", payload: #""late""#, maxAttempts: 5))
                let snoozed = try await db.queue.enqueue(NewJob(kind: "scripted", payload: #""snooze-once""#, maxAttempts: 1))
                try await poll("jobs to settle") {
                    let states = [try await db.queue.job(permanent.id)?.state, try await db.queue.job(late.id)?.state, try await db.queue.job(snoozed.id)?.state]
                    return states == [.discarded, .retryable, .completed]
                }
                #expect(try await db.queue.job(permanent.id)?.attempt == 1)
                let retryAt = try #require(try await db.queue.job(late.id)?.runAt)
                #expect(retryAt.timeIntervalSinceNow > 3000)
                let record = try #require(try await db.queue.job(snoozed.id))
                #expect(handler.runs.withLock { $0[snoozed.id] } == 2)
                #expect(record.attempt == 1)
                #expect(record.errors.isEmpty)
            }
        }
    }

    @Test func cancellingARunningJobStopsIt() async throws {
        try await TestDatabase.with { db in
            let handler = ScriptedHandler()
            try await db.withWorker([handler]) {
                let job = try await db.queue.enqueue(NewJob(kind: "scripted", payload: #""hold""#))
                try await poll("job to start") { handler.runs.withLock { $0[job.id] } == 1 }
                #expect(try await db.queue.cancel(job.id) == .stopRequested)
                try await poll("job to end cancelled") { try await db.queue.job(job.id)?.state == .cancelled }
            }
        }
    }

    @Test func gracefulShutdownHandsBackUnfinishedJobsWithoutChargingAnAttempt() async throws {
        try await TestDatabase.with { db in
            let handler = ScriptedHandler()
            let job = try await db.queue.enqueue(NewJob(kind: "scripted", payload: #""hold""#))
            try await db.withWorker([handler], configure: { $0.shutdownGrace = .milliseconds(200) }) {
                try await poll("job to start") { handler.runs.withLock { $0[job.id] } == 1 }
            }
            let record = try #require(try await db.queue.job(job.id))
            #expect(record.state == .available)
            #expect(record.attempt == 0)
            #expect(record.errors.isEmpty)
            #expect(try await db.queue.workers().isEmpty)
            handler.gate.open()
        }
    }

    @Test func idleWorkerWakesOnNotifyFasterThanItsPoll() async throws {
        try await TestDatabase.with { db in
            try await db.withWorker([NoopJobHandler()], configure: { $0.pollInterval = .seconds(30) }) {
                try await poll("worker to register") { try await !db.queue.workers().isEmpty }
                let job = try await db.queue.enqueue(NewJob(kind: "noop"))
                try await poll("notified worker to run the job", timeout: .seconds(10)) { try await db.queue.job(job.id)?.state == .completed }
            }
        }
    }
}
