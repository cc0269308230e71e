import PostgresNIO

extension JobQueue {
    /// Every queue with live jobs or a control, by name: depth, running jobs, the oldest due job's age and controls.
    public func queueSummaries(on connection: PostgresConnection? = nil) async throws -> [QueueSummary] {
        let rows = try await run(
            """
            SELECT queue,
                   count(*) FILTER (WHERE state <> 'running' AND run_at <= now())::int8,
                   count(*) FILTER (WHERE state = 'running')::int8,
                   extract(epoch FROM now() - min(run_at) FILTER (WHERE state <> 'running' AND run_at <= now()))::float8
            FROM jobs GROUP BY queue
            """,
            on: connection
        )
        var live: [String: (depth: Int, running: Int, oldest: Double?)] = [:]
        for try await (queue, depth, running, oldest) in rows.decode((String, Int, Int, Double?).self) {
            live[queue] = (depth, running, oldest.map { max(0, $0) })
        }
        let controls = try await controls(on: connection).rows
        let names = Set(live.keys).union(controls.map(\.queue)).sorted()
        return names.map { name in
            let own = controls.filter { $0.queue == name }
            let whole = own.first { $0.kind == nil }
            let kinds = own.filter { $0.kind != nil }
            return QueueSummary(
                queue: name,
                depth: live[name]?.depth ?? 0,
                running: live[name]?.running ?? 0,
                oldestDueAgeSeconds: live[name]?.oldest,
                paused: whole?.paused ?? false,
                pausedKinds: kinds.filter(\.paused).compactMap(\.kind),
                limit: whole?.maxRunning,
                kindLimits: Dictionary(kinds.compactMap { control in control.maxRunning.map { (control.kind!, $0) } }, uniquingKeysWith: min)
            )
        }
    }

    /// One queue's summary (also for a queue with no job and no control).
    public func queueSummary(_ name: String, on connection: PostgresConnection? = nil) async throws -> QueueSummary {
        try await queueSummaries(on: connection).first { $0.queue == name }
            ?? QueueSummary(queue: name, depth: 0, running: 0, oldestDueAgeSeconds: nil, paused: false, pausedKinds: [], limit: nil, kindLimits: [:])
    }
}
