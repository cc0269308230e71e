import Foundation
import Queue
import Testing

@Suite struct TagsTests {
    @Test func tagsAreStoredKeptInHistoryAndFilterListings() async throws {
        try await TestDatabase.with { db in
            let tagged = try await db.queue.enqueue(NewJob(kind: "noop", tags: ["customer:42", "nightly"]))
            _ = try await db.queue.enqueue(NewJob(kind: "noop", tags: ["customer:7"]))
            _ = try await db.queue.enqueue(NewJob(kind: "noop"))
            #expect(try await db.queue.job(tagged.id)?.tags == ["customer:42", "nightly"])
            #expect(try await db.queue.list(JobFilter(tag: "nightly"), before: .max, limit: 10).map(\.id) == [tagged.id])

            let claimed = try await db.queue.claim(workerID: "w", queues: ["default"], limit: 3, lease: .seconds(30))
            try await db.queue.complete(claimed.map(\.id), workerID: "w")
            let finished = try #require(try await db.queue.job(tagged.id))
            #expect(finished.state == .completed)
            #expect(finished.tags == ["customer:42", "nightly"])
            #expect(try await db.queue.list(JobFilter(tag: "customer:42"), before: .max, limit: 10).map(\.id) == [tagged.id])
            #expect(try await db.queue.list(JobFilter(tag: "customer"), before: .max, limit: 10).isEmpty, "tags match whole")
        }
    }

    @Test(arguments: [
        ([String](repeating: "t", count: 11), "tags"), (["ok", ""], "tags[1]"), (["ok", String(repeating: "x", count: 65)], "tags[1]"),
        (["bad\u{7}"], "tags[0]"),
    ])
    func badTagsAreRefusedNamingTheTag(tags: [String], field: String) async throws {
        try await TestDatabase.with { db in
            do {
                _ = try await db.queue.enqueue(NewJob(kind: "noop", tags: tags))
                Issue.record("tags \(tags) were accepted")
            } catch let QueueError.invalid(named, _) {
                #expect(named == field)
            }
            #expect(try await db.scalar("SELECT count(*) FROM jobs", as: Int.self) == 0)
        }
    }

    @Test func filteringByTagUsesTheGinIndexes() async throws {
        try await TestDatabase.with { db in
            for batch in 0..<5 {
                _ = try await db.queue.enqueue((0..<1000).map { NewJob(kind: "noop", tags: ["batch:\(batch)", "n:\($0)"]) })
            }
            try await db.execute("ANALYZE jobs")
            try await db.execute("ANALYZE job_history")
            let plan = try await db.client.query(
                // The condition of a `tag=` filter (JobFilter+SQL): the indexes hold tagged jobs only.
                "EXPLAIN SELECT id FROM jobs WHERE tags <> '{}' AND tags @> ARRAY['n:7']::text[]", logger: db.logger
            ).decode(String.self).reduce(into: "") { $0 += $1 + "\n" }
            #expect(plan.contains("jobs_tags_idx"), "\(plan)")
            #expect(!plan.contains("Seq Scan"), "\(plan)")
        }
    }
}
