import Foundation

/// Everything `sluice-metrics` exports, read from the database in one refresh. Counts marked estimated in
/// `estimatedTables` were scaled from a sample (see docs/metrics.md).
public struct Snapshot: Sendable, Equatable {
    /// Live jobs by queue, kind and state.
    public var jobs: [Labeled] = []
    /// Jobs due now per queue (labels: queue).
    public var queueDepth: [Labeled] = []
    /// Seconds since the oldest due job of each queue became due (labels: queue).
    public var oldestDueAge: [Labeled] = []
    /// Discarded jobs in `job_history` by queue and kind.
    public var deadLetters: [Labeled] = []
    /// 1 per paused queue (kind "") or paused kind within a queue (labels: queue, kind).
    public var paused: [Labeled] = []
    /// Totals from `job_counters` by queue and kind.
    public var completed: [Labeled] = []
    public var cancelled: [Labeled] = []
    public var discarded: [Labeled] = []
    public var workers: [WorkerRow] = []
    /// Inbound events by source and status.
    public var inboundEvents: [Labeled] = []
    /// Outbound deliveries by status.
    public var deliveries: [Labeled] = []
    public var endpointsDisabled: Double = 0
    public var database = DatabaseStats()
    public var tables: [TableStats] = []
    /// Tables whose counts were estimated from a sample in this refresh.
    public var estimatedTables: Set<String> = []

    public init() {}
}

/// One series: its label values (in the order of the metric's label names) and its value.
public struct Labeled: Sendable, Equatable {
    public var labels: [String]
    public var value: Double

    public init(_ labels: [String], _ value: Double) {
        self.labels = labels
        self.value = value
    }
}

/// A live worker's heartbeat row with the jobs it holds.
public struct WorkerRow: Sendable, Equatable {
    public var id: String
    public var heartbeatAge: Double
    public var concurrency: Double
    public var running: Double
}

/// Server-wide numbers a queue operator needs; postgres_exporter has the rest.
public struct DatabaseStats: Sendable, Equatable {
    public var sizeBytes: Double = 0
    /// Client connections to this database by state (`active`, `idle`, `idle_in_transaction`, ...).
    public var connections: [Labeled] = []
    public var longestTransactionSeconds: Double = 0
    /// Age in transaction ids of the oldest xmin held by a backend, prepared transaction or replication slot.
    public var oldestXminAge: Double = 0
}

/// Vacuum state of one of Sluice's tables.
public struct TableStats: Sendable, Equatable {
    public var name: String
    /// Live rows as the statistics count them (`n_live_tup`, else `reltuples`).
    public var liveRows: Double
    public var deadRows: Double
    public var lastAutovacuum: Date?
}
