import Foundation
import Queue
import Synchronization
import Testing

/// Pauses, global limits and timeouts with real `sluice-worker` processes.
@Suite struct QueueControlProcessTests {
    @Test func pauseTakesEffectWithinASecondWhileRunningJobsFinishAndResumeBringsTheQueueBack() async throws {
        let target = TargetServer()
        try await target.run { base in
            try await TestDatabase.with { db in
                // A poll slower than the second: the pause holds at once because the claim itself skips a controlled queue,
                // and the resume is that quick only through the NOTIFY.
                let worker = try ServiceProcess.worker(db, ["SLUICE_WORKER_POLL_INTERVAL": "5", "SLUICE_WORKER_QUEUES": "default,other"])
                let running = try await db.queue.enqueue(NewJob(kind: "http", payload: #"{"url":"\#(base)/hold","timeout_seconds":60}"#))
                try await poll("the first job to run") { target.count("/hold") == 1 }
                try await db.queue.pause(queue: "default")
                let paused = ContinuousClock.now
                let held = try await db.queue.enqueue(NewJob(kind: "noop"))
                let marker = try await db.queue.enqueue(NewJob(kind: "noop", queue: "other"))
                try await poll("a job of another queue to complete", timeout: .seconds(1)) { try await db.queue.job(marker.id)?.state == .completed }
                #expect(ContinuousClock.now - paused < .seconds(1))
                #expect(try await db.queue.job(held.id)?.state == .available, "the worker claimed after the pause, but not the paused queue")
                target.gate.open()
                try await poll("the running job to finish") { try await db.queue.job(running.id)?.state == .completed }
                try await db.queue.resume(queue: "default")
                try await poll("the held job to complete after the resume", timeout: .seconds(1)) { try await db.queue.job(held.id)?.state == .completed }
                worker.signal(SIGTERM)
                #expect(try await worker.waitForExit() == 0)
            }
        }
    }

    @Test(arguments: [(limit: 1, jobs: 300), (limit: 5, jobs: 2000)])
    func aGlobalLimitIsNeverExceededByThreeWorkersAndIsFullyUsed(limit: Int, jobs: Int) async throws {
        let target = TargetServer()
        try await target.run { base in
            try await TestDatabase.with { db in
                try await db.queue.setLimit(queue: "default", maxRunning: limit)
                for start in stride(from: 0, to: jobs, by: 500) {
                    _ = try await db.queue.enqueue((start..<min(jobs, start + 500)).map { _ in NewJob(kind: "http", payload: #"{"url":"\#(base)/brief"}"#) })
                }
                let started = ContinuousClock.now
                // A 5 s poll: a freed slot must be claimed again at once (the completion's write wakes its worker), not at the poll.
                let settings = ["SLUICE_WORKER_CONCURRENCY": "50", "SLUICE_WORKER_BATCH_SIZE": "50", "SLUICE_WORKER_POLL_INTERVAL": "5"]
                let workers = try (0..<3).map { _ in try ServiceProcess.worker(db, settings) }
                var peak = 0
                var samples = 0
                try await poll("\(jobs) jobs to complete", timeout: .seconds(240), every: .milliseconds(2)) {
                    let running = try await db.scalar("SELECT count(*) FROM jobs WHERE state = 'running'", as: Int.self)
                    peak = max(peak, running)
                    samples += 1
                    return try await db.scalar("SELECT count(*) FROM job_history WHERE state = 'completed'", as: Int.self) == jobs
                }
                let elapsed = (ContinuousClock.now - started).seconds
                for worker in workers { worker.signal(SIGTERM) }
                for worker in workers { #expect(try await worker.waitForExit() == 0) }
                #expect(peak == limit, "the running count peaked at \(peak) over \(samples) samples; the limit is \(limit)")
                #expect(target.peakInFlight <= limit)
                // Each job holds its slot for at least the target's 20 ms: the limit allows at most limit / 20 ms jobs/s. A
                // quiet machine reaches about two thirds of it; the floor leaves room for a loaded one (the whole suite on two
                // cores) and is still 25 times what claiming only at the poll would give.
                let allowed = Double(limit) / 0.020
                let rate = Double(jobs) / elapsed
                #expect(rate <= allowed * 1.05, "\(rate) jobs/s beats what the limit allows")
                #expect(rate >= allowed * 0.1, "\(rate) jobs/s is far below the \(allowed) jobs/s a limit of \(limit) allows")
            }
        }
    }

    @Test func anHTTPJobTimesOutAtItsTimeoutAndFreesTheWorkersSlot() async throws {
        let target = TargetServer()
        try await target.run { base in
            try await TestDatabase.with { db in
                let worker = try ServiceProcess.worker(db, ["SLUICE_WORKER_CONCURRENCY": "1"])
                let stuck = try await db.queue.enqueue(NewJob(kind: "http", payload: #"{"url":"\#(base)/hold"}"#, maxAttempts: 1, timeoutSeconds: 1))
                let next = try await db.queue.enqueue(NewJob(kind: "noop"))
                try await poll("the stuck job to time out", timeout: .seconds(20)) { try await db.queue.job(stuck.id)?.state == .discarded }
                let error = try #require(try await db.queue.job(stuck.id)?.errors.first?.error)
                #expect(error == "timed out after 1 s" || error.hasPrefix("no answer within 1"), "\(error)")
                try await poll("the next job to get the slot") { try await db.queue.job(next.id)?.state == .completed }
                target.gate.open()
                worker.signal(SIGTERM)
                #expect(try await worker.waitForExit() == 0)
            }
        }
    }
}
