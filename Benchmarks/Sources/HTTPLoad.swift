import AsyncHTTPClient

/// A `LoadLoop` run over one HTTP client sized for its connections, reported as `<prefix>_<counted>` (answers as
/// wanted), `<prefix>_failed`, `_seconds`, `_rate`, `_p50_ms` and `_p99_ms`, then `extra`. Answers the two counts.
enum HTTPLoad {
    @discardableResult
    static func run(
        prefix: String,
        counted: String,
        connections: Int,
        seconds: Double,
        rate: Double,
        limit: Int? = nil,
        extra: [(String, String)] = [],
        send: @escaping @Sendable (_ client: HTTPClient, _ tally: Tally, _ sender: Int, _ n: Int, _ due: ContinuousClock.Instant) async throws -> Void
    ) async throws -> (counted: Int, failed: Int) {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connections
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let tally = Tally()
        let start = ContinuousClock.now
        do {
            try await LoadLoop.run(connections: connections, seconds: seconds, rate: rate, limit: limit) { sender, n, due in
                try await send(client, tally, sender, n, due)
            }
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
        let elapsed = BenchReport.seconds(ContinuousClock.now - start)
        let (good, failed, latencies) = tally.snapshot()
        let sorted = latencies.sorted()
        BenchReport.emit(
            [
                ("\(prefix)_\(counted)", "\(good)"), ("\(prefix)_failed", "\(failed)"), ("\(prefix)_seconds", BenchReport.fixed(elapsed)),
                ("\(prefix)_rate", BenchReport.fixed(Double(good) / elapsed, 0)),
                ("\(prefix)_p50_ms", BenchReport.fixed(Tally.percentile(sorted, 0.50) * 1000, 2)),
                ("\(prefix)_p99_ms", BenchReport.fixed(Tally.percentile(sorted, 0.99) * 1000, 2)),
            ] + extra
        )
        return (good, failed)
    }
}
