import Foundation

/// A run-time control of a queue (`kind == nil`) or of one kind within it: paused, and/or a global limit on the
/// jobs running at once across all workers.
public struct QueueControl: Sendable, Equatable {
    public let queue: String
    /// `nil` for the whole queue.
    public let kind: String?
    public let paused: Bool
    public let pausedAt: Date?
    public let maxRunning: Int?

    public init(queue: String, kind: String?, paused: Bool, pausedAt: Date? = nil, maxRunning: Int?) {
        self.queue = queue
        self.kind = kind
        self.paused = paused
        self.pausedAt = pausedAt
        self.maxRunning = maxRunning
    }
}

/// Every control row at one moment, as a worker caches it to choose its claim statement.
public struct QueueControls: Sendable, Equatable {
    public let rows: [QueueControl]

    public init(_ rows: [QueueControl] = []) {
        self.rows = rows
    }

    /// Queues with any control (paused, a paused kind, a limit): the fast claim skips them.
    public var controlledQueues: Set<String> { Set(rows.map(\.queue)) }

    /// Queues paused as a whole: no claim reads them.
    public var pausedQueues: Set<String> { Set(rows.filter { $0.kind == nil && $0.paused }.map(\.queue)) }

    public var hasLimits: Bool { rows.contains { $0.maxRunning != nil } }
}
