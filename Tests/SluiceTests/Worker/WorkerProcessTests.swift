import Foundation
import Queue
import Testing

/// Real `sluice-worker` processes against a real database: crashes, signals, and two workers sharing a queue.
@Suite struct WorkerProcessTests {
    @Test func twoWorkerProcessesDrainTenThousandJobsExactlyOnce() async throws {
        try await TestDatabase.with { db in
            for _ in 0..<10 { _ = try await db.queue.enqueue((0..<1000).map { _ in NewJob(kind: "noop") }) }
            let settings = ["SLUICE_WORKER_CONCURRENCY": "200", "SLUICE_WORKER_BATCH_SIZE": "100"]
            let workers = try [ServiceProcess.worker(db, settings), ServiceProcess.worker(db, settings)]
            try await poll("10,000 jobs to complete", timeout: .seconds(120)) {
                try await db.scalar("SELECT count(*) FROM job_history", as: Int.self) == 10_000
            }
            for worker in workers { worker.signal(SIGTERM) }
            for worker in workers { #expect(try await worker.waitForExit() == 0) }
            #expect(try await db.scalar("SELECT count(*) FROM jobs", as: Int.self) == 0)
            #expect(try await db.scalar("SELECT count(*) FROM job_history WHERE state = 'completed' AND attempt = 1", as: Int.self) == 10_000)
            #expect(try await db.queue.counters().first?.completed == 10_000)
        }
    }

    @Test func jobOfAWorkerKilledMidJobIsRescuedAndCompletes() async throws {
        let target = TargetServer()
        try await target.run { base in
            try await TestDatabase.with { db in
                let job = try await db.queue.enqueue(NewJob(kind: "http", payload: #"{"url":"\#(base)/hold","timeout_seconds":120}"#))
                let doomed = try ServiceProcess.worker(db, ["SLUICE_WORKER_LEASE": "2"])
                try await poll("the job to reach the target") { target.count("/hold") == 1 }
                doomed.signal(SIGKILL)
                _ = try await doomed.waitForExit()
                target.gate.open()

                let rescuer = try ServiceProcess.worker(db, ["SLUICE_WORKER_LEASE": "2"])
                try await poll("the rescued job to complete", timeout: .seconds(60)) { try await db.queue.job(job.id)?.state == .completed }
                let record = try #require(try await db.queue.job(job.id))
                #expect(record.attempt == 2)
                #expect(record.errors.count == 1)
                #expect(record.errors.first?.error.contains("lease expired") == true)
                rescuer.signal(SIGTERM)
                #expect(try await rescuer.waitForExit() == 0)
            }
        }
    }

    @Test func sigtermLetsInFlightJobsFinishWithoutAnExtraAttempt() async throws {
        let target = TargetServer()
        try await target.run { base in
            try await TestDatabase.with { db in
                let jobs = try await db.queue.enqueue((0..<5).map { _ in NewJob(kind: "http", payload: #"{"url":"\#(base)/hold","timeout_seconds":120}"#) })
                let worker = try ServiceProcess.worker(db, ["SLUICE_WORKER_SHUTDOWN_GRACE": "30", "LOG_LEVEL": "info"])
                try await poll("all five jobs in flight") { target.count("/hold") == 5 }
                worker.signal(SIGTERM)
                try await poll("the worker to stop claiming") { worker.log.contains("waiting for running jobs") }
                target.gate.open()
                #expect(try await worker.waitForExit() == 0)
                for job in jobs {
                    let record = try #require(try await db.queue.job(job.id))
                    #expect(record.state == .completed)
                    #expect(record.attempt == 1)
                }
                #expect(try await db.queue.workers().isEmpty)
            }
        }
    }

    @Test func sigtermPastTheGraceHandsJobsBackUncharged() async throws {
        let target = TargetServer()
        try await target.run { base in
            try await TestDatabase.with { db in
                let job = try await db.queue.enqueue(NewJob(kind: "http", payload: #"{"url":"\#(base)/hold","timeout_seconds":120}"#))
                let worker = try ServiceProcess.worker(db, ["SLUICE_WORKER_SHUTDOWN_GRACE": "0.5"])
                try await poll("the job in flight") { target.count("/hold") == 1 }
                worker.signal(SIGTERM)
                #expect(try await worker.waitForExit() == 0)
                let record = try #require(try await db.queue.job(job.id))
                #expect(record.state == .available)
                #expect(record.attempt == 0)
                #expect(record.errors.isEmpty)
                target.gate.open()
            }
        }
    }
}
