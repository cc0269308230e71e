import Synchronization

/// Counts and latencies of all senders.
final class Tally: Sendable {
    private let state = Mutex<(acked: Int, failed: Int, latencies: [Double])>((0, 0, []))

    func record(accepted: Bool, latency: Double) {
        state.withLock { state in
            if accepted {
                state.acked += 1
                state.latencies.append(latency)
            } else {
                state.failed += 1
            }
        }
    }

    func snapshot() -> (Int, Int, [Double]) {
        state.withLock { ($0.acked, $0.failed, $0.latencies) }
    }

    /// The latency below which a fraction `p` of the recorded ones lie (0 when none was recorded).
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }
}
