import Synchronization

/// `connections` senders that each send one request after another for `seconds`, as fast as answers come back or
/// at their share of `rate` requests per second in total, evenly staggered; with `limit`, they stop once that many
/// requests were sent in all. `send(sender, n, due)` sends the `n`th request (from 1) of `sender`; `due` is when the
/// pace wanted it sent (now, unpaced), so a sender that fell behind does not hide its lag from what it measures.
enum LoadLoop {
    static func run(
        connections: Int,
        seconds: Double,
        rate: Double,
        limit: Int? = nil,
        send: @escaping @Sendable (_ sender: Int, _ n: Int, _ due: ContinuousClock.Instant) async throws -> Void
    ) async throws {
        let start = ContinuousClock.now
        let end = start + .milliseconds(Int64(seconds * 1000))
        let interval = rate > 0 ? Duration.microseconds(Int64(Double(connections) / rate * 1_000_000)) : .zero
        let sent = SentCount()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for sender in 0..<connections {
                group.addTask {
                    var next = start + interval * (Double(sender) / Double(connections))
                    var n = 0
                    while ContinuousClock.now < end {
                        if let limit, sent.next() > limit { return }
                        let due = interval > .zero ? next : .now
                        if interval > .zero {
                            try await Task.sleep(until: next)
                            next += interval
                        }
                        n += 1
                        try await send(sender, n, due)
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}

/// Requests sent by all senders together.
private final class SentCount: Sendable {
    private let count = Atomic(0)

    /// Counts one more request; answers the total with it.
    func next() -> Int { count.add(1, ordering: .relaxed).newValue }
}
