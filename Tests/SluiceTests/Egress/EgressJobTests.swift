import Egress
import Foundation
import Queue
import Testing
import Worker

/// `http` jobs through the shared client: concurrency to one host, and a refused target.
@Suite struct EgressJobTests {
    /// With AHC's default of 8 connections per host and the timeout running while a request waits for one, this took
    /// over ten seconds and timed jobs out.
    @Test func hundredConcurrentJobsToOneSlowHostAllSucceedAtTheirFirstAttempt() async throws {
        let target = TargetServer()
        try await target.run { base in
            try await TestDatabase.with { db in
                try await EgressClient.with(EgressSettings(allowPrivateTargets: true, connectionsPerHost: 100)) { egress in
                    try await db.withWorker([HTTPJobHandler(egress: egress)], configure: { $0.concurrency = 100 }) {
                        let payload = #"{"url":"\#(base)/slow","timeout_seconds":10}"#
                        let start = ContinuousClock.now
                        let jobs = try await db.queue.enqueue((0..<100).map { _ in NewJob(kind: "http", payload: payload) })
                        try await poll("100 slow http jobs to complete", timeout: .seconds(20)) {
                            try await db.scalar("SELECT count(*) FROM job_history WHERE state = 'completed'", as: Int.self) == 100
                        }
                        let elapsed = ContinuousClock.now - start
                        #expect(elapsed < .seconds(10), "took \(elapsed); behind a pool of 8 connections it takes 13 s or more")
                        for job in jobs {
                            let record = try #require(try await db.queue.job(job.id))
                            #expect(record.state == .completed && record.attempt == 1 && record.errors.isEmpty)
                        }
                    }
                }
            }
            #expect(target.count("/slow") == 100)
        }
    }

    @Test func aJobToARefusedTargetIsDiscardedAfterOneAttemptWithTheReason() async throws {
        let target = TargetServer()
        try await target.run { base in
            let port = base.split(separator: ":").last!
            try await TestDatabase.with { db in
                try await EgressClient.with(EgressSettings()) { egress in
                    try await db.withWorker([HTTPJobHandler(egress: egress)]) {
                        let job = try await db.queue.enqueue(NewJob(kind: "http", payload: #"{"url":"http://0x7f.1:\#(port)/ok"}"#, maxAttempts: 5))
                        try await poll("the refused job to be discarded") { try await db.queue.job(job.id)?.state == .discarded }
                        let record = try #require(try await db.queue.job(job.id))
                        #expect(record.attempt == 1)
                        #expect(record.errors.count == 1)
                        #expect(
                            record.errors.first?.error.hasPrefix("target refused: 0x7f.1 resolves to a refused address: 127.0.0.1 is loopback")
                                == true)
                    }
                }
            }
            #expect(target.count("/ok") == 0)
        }
    }
}
