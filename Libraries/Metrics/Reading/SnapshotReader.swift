import Common
import Foundation
import Logging
import PostgresNIO

/// Reads a `Snapshot` with statements whose cost is bounded by `exactLimit`, not by the size of the backlog or
/// the history: small sets are counted, big tables are sampled, and big sets are estimated (docs/metrics.md).
///
/// ```swift
/// let snapshot = try await SnapshotReader(exactLimit: 10_000, logger: logger).read(from: client)
/// ```
public struct SnapshotReader: Sendable {
    public let exactLimit: Int
    public let logger: Logger

    public init(exactLimit: Int, logger: Logger) {
        self.exactLimit = exactLimit
        self.logger = logger
    }

    /// One refresh in a read-only transaction of its own.
    public func read(from client: PostgresClient) async throws -> Snapshot {
        try await client.transaction(logger: logger) { try await read(on: $0) }
    }

    /// One refresh, every statement on `connection`, which must be in a transaction (the tables are those of its
    /// `search_path` schema). Sequential scans are disabled for the transaction: where an index serves a capped count,
    /// stale statistics (a bulk enqueue before the next ANALYZE) must not turn it into a scan of the table. JIT is off:
    /// the cost that disabling adds to the small tables' scans would make every statement compile (35 ms each).
    public func read(on connection: PostgresConnection) async throws -> Snapshot {
        _ = try await connection.query(
            "SELECT set_config('transaction_read_only', 'on', true), set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)",
            logger: logger
        ).collect()
        var snapshot = Snapshot()
        snapshot.tables = try await tables(on: connection)
        let rows = Dictionary(snapshot.tables.map { ($0.name, $0.liveRows) }, uniquingKeysWith: max)
        let jobSample = sample(rows["jobs"] ?? 0)
        let runningByWorker = try await readJobs(into: &snapshot, sample: jobSample, on: connection)
        try await readHistory(into: &snapshot, historyRows: rows["job_history"] ?? 0, on: connection)
        snapshot.paused = try await paused(on: connection)
        snapshot.workers = try await workers(running: runningByWorker, on: connection)
        let inbound = try await inboundEvents(sample: sample(rows["webhook_events"] ?? 0), on: connection)
        snapshot.inboundEvents = inbound.series
        let deliverySample = sample(rows["deliveries"] ?? 0)
        snapshot.deliveries = try await deliveries(sample: deliverySample, on: connection)
        snapshot.endpointsDisabled = try await endpointsDisabled(on: connection)
        snapshot.database = try await database(on: connection)
        for (table, estimated) in [("jobs", jobSample.isSampled), ("webhook_events", inbound.estimated), ("deliveries", deliverySample.isSampled)]
        where estimated {
            snapshot.estimatedTables.insert(table)
        }
        return snapshot
    }

    /// The sample to read from a table of `rows` live rows: all of it up to `exactLimit`, else about `exactLimit` rows.
    func sample(_ rows: Double) -> TableSample {
        TableSample(rows: rows, target: Double(exactLimit))
    }

    func fetch<each Column: PostgresDecodable>(
        _ query: PostgresQuery,
        as type: (repeat each Column).Type,
        on connection: PostgresConnection
    ) async throws -> [(repeat each Column)] {
        var result: [(repeat each Column)] = []
        for try await row in try await connection.query(query, logger: logger) { result.append(try row.decode(type)) }
        return result
    }

    func scalar<Column: PostgresDecodable>(_ query: PostgresQuery, as type: Column.Type, on connection: PostgresConnection) async throws -> Column? {
        for try await row in try await connection.query(query, logger: logger) { return try row.decode(type) }
        return nil
    }
}
