import Common
import Logging
import PostgresNIO
import ServiceLifecycle

/// Logs delivery attempts with group commit: the attempts that finish while a write is in flight share the next
/// statement (`RecordAttemptsStatement`). A deliverer returns only after its attempt is committed.
final class AttemptRecorder: Service {
    private let committer: GroupCommitter<AttemptRecord, RecordedAttempt>

    /// `disableAfter`: how long an endpoint may fail every attempt before it is reported overdue.
    init(client: PostgresClient, poolMode: PoolMode, disableAfter: Duration, logger: Logger, timeout: Duration = .seconds(10)) {
        committer = GroupCommitter(flushers: 4, maxBatch: 500) { records in
            try await withDeadline(timeout) {
                try await Self.write(records, disableAfter: disableAfter, client: client, poolMode: poolMode, logger: logger)
            }
        }
    }

    func record(_ attempt: AttemptRecord) async throws -> RecordedAttempt {
        try await committer.submit(attempt)
    }

    func run() async throws {
        try await committer.run()
    }

    static func write(
        _ records: [AttemptRecord], disableAfter: Duration, client: PostgresClient, poolMode: PoolMode, logger: Logger
    ) async throws -> [RecordedAttempt] {
        let rows = try await client.execute(RecordAttemptsStatement(records: records, disableAfter: disableAfter), poolMode: poolMode, logger: logger)
        var recorded: [Int64: RecordedAttempt] = [:]
        for (id, attempt, overdue) in rows {
            recorded[id] = RecordedAttempt(attempt: attempt, endpointOverdue: overdue)
        }
        return records.map { recorded[$0.deliveryID] ?? RecordedAttempt(attempt: 0, endpointOverdue: false) }
    }
}
