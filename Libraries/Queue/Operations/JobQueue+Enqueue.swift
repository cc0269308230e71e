import Foundation
import PostgresNIO

extension JobQueue {
    /// Enqueues one job; see `enqueue(_:on:)` for many.
    @discardableResult
    public func enqueue(_ job: NewJob, on connection: PostgresConnection? = nil) async throws -> EnqueuedJob {
        try await enqueue([job], on: connection)[0]
    }

    /// Enqueues many jobs in one statement, answering in input order. A job whose unique key is held by a
    /// live job (or by an earlier job of the same batch) answers that job's id with `created == false`.
    /// Idle workers of the affected queues are woken with one NOTIFY per queue, delivered at commit.
    public func enqueue(_ jobs: [NewJob], on connection: PostgresConnection? = nil) async throws -> [EnqueuedJob] {
        guard !jobs.isEmpty else { return [] }
        for job in jobs { try job.validate() }
        let rows = try await client.execute(EnqueueStatement(jobs: jobs, channel: channel), on: connection, poolMode: poolMode, logger: logger)
        var results = [EnqueuedJob?](repeating: nil, count: jobs.count)
        for (ordinal, id) in rows {
            results[ordinal - 1] = EnqueuedJob(id: id, created: true)
        }
        let pending = results.indices.filter { results[$0] == nil }
        guard !pending.isEmpty else { return results.map { $0! } }
        let existing = try await existingJobs(uniqueKeys: pending.compactMap { jobs[$0].uniqueKey }, on: connection)
        var retry: [Int] = []
        for index in pending {
            if let id = existing[jobs[index].uniqueKey!] {
                results[index] = EnqueuedJob(id: id, created: false)
            } else {
                retry.append(index)
            }
        }
        // The job holding the key finished between the insert and the lookup: enqueue those again.
        if !retry.isEmpty {
            let again = try await enqueue(retry.map { jobs[$0] }, on: connection)
            for (index, result) in zip(retry, again) { results[index] = result }
        }
        return results.map { $0! }
    }

    private func existingJobs(uniqueKeys: [String], on connection: PostgresConnection?) async throws -> [String: Int64] {
        var found: [String: Int64] = [:]
        let rows = try await run("SELECT unique_key, id FROM jobs WHERE unique_key = ANY(\(uniqueKeys))", on: connection)
        for try await (key, id) in rows.decode((String, Int64).self) { found[key] = id }
        return found
    }

}
