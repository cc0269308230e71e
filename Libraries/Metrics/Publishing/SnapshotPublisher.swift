import Foundation
import Prometheus
import Synchronization

/// Puts each `Snapshot` into a Prometheus registry as `sluice_...` gauges and counters (docs/metrics.md), and the
/// snapshot's age at each scrape. Thread-safe: the refresher publishes while scrapes read.
public final class SnapshotPublisher: Sendable {
    private let families: Mutex<Families>
    private let lastRefresh = Mutex<ContinuousClock.Instant?>(nil)
    private let age: Gauge

    public init(registry: PrometheusCollectorRegistry) {
        families = Mutex(Families(registry: registry))
        age = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "sluice", metricName: "exporter_snapshot_age_seconds", unitName: "",
                helpText: "Seconds since the exported snapshot was read from the database."
            )
        )
    }

    /// Shows `snapshot`, read in `duration`, and starts its age at zero.
    public func publish(_ snapshot: Snapshot, duration: Duration) {
        families.withLock { $0.publish(snapshot, duration: duration) }
        lastRefresh.withLock { $0 = .now }
        age.set(to: 0)
    }

    /// Marks a failed refresh: the database is down for the exporter, the last snapshot stays and ages.
    public func publishFailure(duration: Duration) {
        families.withLock { $0.publishFailure(duration: duration) }
    }

    /// Brings the snapshot's age up to date; called before each scrape is rendered.
    public func willScrape() {
        guard let last = lastRefresh.withLock({ $0 }) else { return }
        age.set(to: Families.seconds(ContinuousClock.now - last))
    }
}
