import Common
import PostgresNIO
import Synchronization
import Testing

/// `withDeadline` answers by its deadline even when the operation ignores cancellation, as a query on a
/// just-closed connection does.
@Suite struct DeadlineTests {
    @Test func answersTheOperationsValueOrError() async throws {
        #expect(try await withDeadline(.seconds(5)) { 42 } == 42)
        await #expect(throws: CancellationError.self) {
            try await withDeadline(.seconds(5)) { () async throws -> Int in throw CancellationError() }
        }
    }

    @Test func throwsAtTheDeadlineWhenTheOperationIgnoresCancellation() async throws {
        let gate = Gate()
        let started = ContinuousClock.now
        await #expect(throws: DeadlineExceeded.self) {
            try await withDeadline(.milliseconds(200)) { await gate.wait() }
        }
        #expect(ContinuousClock.now - started < .seconds(5))
        gate.open()
    }

    @Test func cancellingTheCallerCancelsTheOperation() async throws {
        let cancelled = Gate()
        let caller = Task {
            try await withDeadline(.seconds(60)) {
                await withTaskCancellationHandler { await cancelled.wait() } onCancel: { cancelled.open() }
            }
        }
        caller.cancel()
        await #expect(throws: CancellationError.self) { try await caller.value }
    }

    /// The case that hung CI: the pool hands out a connection whose server process has just ended, and the
    /// query written to it never answers. Under a deadline the caller gets an error instead.
    @Test func aQueryOnAClosedConnectionEndsAtTheDeadline() async throws {
        try await TestDatabase.with { db in
            try await db.client.withConnection { connection in
                let pid = try await connection.query("SELECT pg_backend_pid()", logger: db.logger).collect()[0].decode(Int32.self)
                try await db.execute("SELECT pg_terminate_backend(\(pid))")
                try await poll("the connection to notice it was closed") { connection.isClosed }
                let started = ContinuousClock.now
                await #expect(throws: (any Error).self) {
                    try await withDeadline(.milliseconds(500)) {
                        try await connection.query("SELECT 1", logger: db.logger).collect().count
                    }
                }
                #expect(ContinuousClock.now - started < .seconds(5))
            }
        }
    }
}
