import Foundation
import Queue
import Testing
import Worker

@Suite struct HTTPJobHandlerTests {
    @Test func postsThePayloadAndRecordsFailuresWithStatusAndExcerpt() async throws {
        let target = TargetServer()
        try await target.run { base in
            try await TestDatabase.with { db in
                let handler = HTTPJobHandler(policy: TargetPolicy(allowPrivateTargets: true))
                try await db.withWorker([handler]) {
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

    @Test(arguments: ["http://127.0.0.1:9/x", "http://localhost/x", "http://10.1.2.3/x", "http://169.254.169.254/latest", "http://[::1]/x", "ftp://example.com/x"])
    func refusesPrivateTargetsUnlessAllowed(url: String) throws {
        let policy = TargetPolicy(allowPrivateTargets: false)
        #expect(throws: JobFailed.self) { try policy.check(URL(string: url)!) }
    }

    @Test func allowsPublicTargets() throws {
        #expect(throws: Never.self) { try TargetPolicy(allowPrivateTargets: false).check(URL(string: "https://hooks.example.com/in")!) }
    }
}
