import Common
import Prometheus

/// The deliverer's metrics, made once per label set: a delivery does not ask the registry for its handles again
/// (a lookup and a lock per metric per delivery at thousands of deliveries a second).
final class DeliveryMetrics: Sendable {
    private static let deliveries = LabeledMetric.counter(
        "sluice_outbound_deliveries_total", help: "Outbound delivery attempts by application and outcome (succeeded, retrying, exhausted).",
        labels: ["application", "outcome"]
    )
    private static let durations = LabeledMetric.durationHistogram(
        "sluice_outbound_attempt_duration_seconds", help: "Duration of an outbound delivery attempt, by the status class of its answer.",
        labels: ["status_class"]
    )
    let heldBack = MetricsSetup.counter(
        "sluice_outbound_deliveries_held_back_total", help: "Outbound deliveries put off because their endpoint's rate, concurrency or circuit held them back.")
    let disabled = MetricsSetup.counter(
        "sluice_outbound_endpoints_disabled_total", help: "Outbound endpoints disabled automatically (410 Gone, or failing for too long).")
    let openCircuits = MetricsSetup.gauge("sluice_outbound_open_circuits", help: "Outbound endpoints whose circuit is open in this worker.")

    /// `outcome`: `succeeded`, `retrying` or `exhausted`.
    func delivered(application: String, outcome: String) {
        Self.deliveries(application, outcome).increment()
    }

    func attempted(statusClass: String, latency: Duration) {
        Self.durations(statusClass).record(latency)
    }
}
