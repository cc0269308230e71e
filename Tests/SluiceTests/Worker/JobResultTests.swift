import Foundation
import Queue
import Testing
import Worker

/// Returns a result and logs lines as the payload asks: `{"lines": N, "result_bytes": M}`.
struct ReportingHandler: JobHandler {
    struct Order: Decodable {
        var lines: Int?
        var result_bytes: Int?
    }

    let kind = "reporting"

    func run(_ job: JobContext) async throws {
        let order = try job.decodePayload(Order.self)
        for line in 0..<(order.lines ?? 0) { job.log("line \(line) \(String(repeating: "é", count: line == 0 ? 2000 : 1))") }
        try job.setResult(["filler": String(repeating: "x", count: order.result_bytes ?? 10), "status": "done"])
    }
}

@Suite struct JobResultTests {
    @Test func resultsAndBoundedLogsAreKeptWithTheFinishedJob() async throws {
        try await TestDatabase.with { db in
            try await db.withWorker([ReportingHandler()]) {
                let chatty = try await db.queue.enqueue(NewJob(kind: "reporting", payload: #"{"lines": 150}"#))
                let huge = try await db.queue.enqueue(NewJob(kind: "reporting", payload: #"{"result_bytes": 70000}"#, maxAttempts: 1))
                try await poll("both jobs to finish") {
                    let states = [try await db.queue.job(chatty.id)?.state, try await db.queue.job(huge.id)?.state]
                    return states == [.completed, .discarded]
                }
                let record = try #require(try await db.queue.job(chatty.id))
                let result = try JSONSerialization.jsonObject(with: Data(try #require(record.result).utf8)) as? [String: String]
                #expect(result == ["filler": "xxxxxxxxxx", "status": "done"])
                try await poll("the log lines to be written") { try await db.queue.logs(jobID: chatty.id).count == 101 }
                let lines = try await db.queue.logs(jobID: chatty.id)
                #expect(lines[0].message.utf8.count <= JobOutput.maxLineBytes && lines[0].message.hasPrefix("line 0 éé"))
                #expect(lines[99].message == "line 99 é")
                #expect(lines[100].message == "50 more lines were dropped: an attempt keeps 100 lines")
                #expect(lines.allSatisfy { $0.attempt == 1 })
                let failed = try #require(try await db.queue.job(huge.id))
                #expect(failed.result == nil)
                #expect(failed.errors.first?.error.hasPrefix("result of 70") == true)
                #expect(failed.errors.first?.error.hasSuffix("is over the limit of 65536 bytes") == true)
            }
        }
    }
}
