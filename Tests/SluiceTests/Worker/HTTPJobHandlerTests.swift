import Egress
import Foundation
import Queue
import Testing
import Worker

@Suite struct HTTPJobHandlerTests {
    @Test func postsThePayloadAndRecordsFailuresWithStatusAndExcerpt() async throws {
        let target = TargetServer()
        try await target.run { base in
            try await TestDatabase.with { db in
                try await EgressClient.with { egress in
                    try await db.withWorker([HTTPJobHandler(egress: egress)]) {
                        let ok = try await db.queue.enqueue(NewJob(kind: "http", payload: #"{"url":"\#(base)/ok","body":{"a":1}}"#))
                        let bad = try await db.queue.enqueue(NewJob(kind: "http", payload: #"{"url":"\#(base)/fail"}"#, maxAttempts: 1))
                        try await poll("http jobs to finish") {
                            let states = [try await db.queue.job(ok.id)?.state, try await db.queue.job(bad.id)?.state]
                            return states == [.completed, .discarded]
                        }
                        #expect(target.count("/ok") == 1)
                        #expect(try await db.queue.job(bad.id)?.errors.first?.error == "HTTP 500: target exploded")
                    }
                }
            }
        }
    }
}
