import Metrics
import Synchronization

/// The deliverer's metrics, made once per label set: a delivery does not ask the metrics factory for its handles
/// again (a lookup and a lock per metric per delivery at thousands of deliveries a second).
final class DeliveryMetrics: Sendable {
    private let deliveries = Mutex<[[String]: Counter]>([:])
    private let durations = Mutex<[String: Timer]>([:])
    let heldBack = Counter(label: "sluice_outbound_deliveries_held_back_total")
    let disabled = Counter(label: "sluice_outbound_endpoints_disabled_total")
    let openCircuits = Gauge(label: "sluice_outbound_open_circuits")

    /// `outcome`: `succeeded`, `retrying` or `exhausted`.
    func delivered(application: String, outcome: String) {
        let counter = deliveries.withLock { counters in
            if let counter = counters[[application, outcome]] { return counter }
            let counter = Counter(label: "sluice_outbound_deliveries_total", dimensions: [("application", application), ("outcome", outcome)])
            counters[[application, outcome]] = counter
            return counter
        }
        counter.increment()
    }

    func attempted(statusClass: String, latency: Duration) {
        let timer = durations.withLock { timers in
            if let timer = timers[statusClass] { return timer }
            let timer = Timer(label: "sluice_outbound_attempt_duration_seconds", dimensions: [("status_class", statusClass)])
            timers[statusClass] = timer
            return timer
        }
        timer.record(duration: latency)
    }
}
