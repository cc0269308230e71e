import Foundation
import Queue
import Testing

/// Periodic jobs scheduled by real `sluice-worker` processes.
@Suite struct PeriodicWorkerProcessTests {
    @Test func twoWorkersOneKilledMidwayStillEnqueueOneJobPerTick() async throws {
        try await TestDatabase.with { db in
            let periodic = PeriodicJobs(queue: db.queue)
            _ = try await periodic.add(PeriodicJob(name: "pulse", cron: "* * * * * *", kind: "noop"))
            let settings = ["SLUICE_PERIODIC_INTERVAL": "0.1"]
            let doomed = try ServiceProcess.worker(db, settings)
            let survivor = try ServiceProcess.worker(db, settings)
            try await poll("a few ticks with both workers", timeout: .seconds(60)) { try await PeriodicJobsTests.ticks(db, "pulse").count >= 4 }
            doomed.signal(SIGKILL)
            _ = try await doomed.waitForExit()
            let before = try await PeriodicJobsTests.ticks(db, "pulse").count
            try await poll("ticks after the kill", timeout: .seconds(60)) { try await PeriodicJobsTests.ticks(db, "pulse").count >= before + 4 }
            survivor.signal(SIGTERM)
            #expect(try await survivor.waitForExit() == 0)

            let ticks = try await PeriodicJobsTests.ticks(db, "pulse")
            #expect(ticks.values.allSatisfy { $0 == 1 }, "a tick enqueued twice: \(ticks.filter { $0.value > 1 })")
            let seconds = ticks.keys.compactMap { try? Date($0, strategy: .iso8601).timeIntervalSince1970 }.sorted()
            #expect(seconds.count == ticks.count)
            let first = try #require(seconds.first)
            let last = try #require(seconds.last)
            #expect(Int(last - first) + 1 == seconds.count, "every second between the first and the last tick has its job")
            #expect(try await db.scalar("SELECT count(*) FROM job_history WHERE state = 'completed' AND kind = 'noop'", as: Int.self) >= seconds.count - 2)
        }
    }
}
