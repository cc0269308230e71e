import Foundation
import Logging
import PostgresNIO

/// Reads a `Snapshot` with statements whose cost is bounded by `exactLimit`, not by the size of the backlog or
/// the history: small sets are counted, big tables are sampled, and big sets are estimated (docs/metrics.md).
///
/// ```swift
/// let snapshot = try await client.withConnection { try await SnapshotReader(exactLimit: 10_000, logger: logger).read(on: $0) }
/// ```
public struct SnapshotReader: Sendable {
    public let exactLimit: Int
    public let logger: Logger

    public init(exactLimit: Int, logger: Logger) {
        self.exactLimit = exactLimit
        self.logger = logger
    }

    /// One refresh, every statement on `connection` (the tables are those of its `search_path` schema).
    public func read(on connection: PostgresConnection) async throws -> Snapshot {
        var snapshot = Snapshot()
        snapshot.tables = try await tables(on: connection)
        let rows = Dictionary(snapshot.tables.map { ($0.name, $0.liveRows) }, uniquingKeysWith: max)
        let jobSample = sample(rows["jobs"] ?? 0)
        let runningByWorker = try await readJobs(into: &snapshot, sample: jobSample, on: connection)
        try await readHistory(into: &snapshot, historyRows: rows["job_history"] ?? 0, on: connection)
        snapshot.workers = try await workers(running: runningByWorker, on: connection)
        let eventSample = sample(rows["webhook_events"] ?? 0)
        snapshot.inboundEvents = try await inboundEvents(sample: eventSample, on: connection)
        let deliverySample = sample(rows["deliveries"] ?? 0)
        snapshot.deliveries = try await deliveries(sample: deliverySample, on: connection)
        snapshot.endpointsDisabled = try await endpointsDisabled(on: connection)
        snapshot.database = try await database(on: connection)
        for (table, sample) in [("jobs", jobSample), ("webhook_events", eventSample), ("deliveries", deliverySample)] where sample.isSampled {
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
