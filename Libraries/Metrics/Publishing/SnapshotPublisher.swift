import Foundation
import Prometheus
import Synchronization

/// Puts each `Snapshot` into a Prometheus registry as `sluice_...` gauges and counters (docs/metrics.md), and the
/// snapshot's age at each scrape. Thread-safe: the refresher publishes while scrapes read.
public final class SnapshotPublisher: Sendable {
    private let families: Mutex<Families>
    /// When the shown snapshot was read; the exporter's start until the first one, so that an exporter that never
    /// reached the database shows an age that grows.
    private let lastRefresh = Mutex<ContinuousClock.Instant>(.now)
    private let age: Gauge

    public init(registry: PrometheusCollectorRegistry) {
        families = Mutex(Families(registry: registry))
        age = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "sluice", metricName: "exporter_snapshot_age_seconds", unitName: "",
                helpText: "Seconds since the exported snapshot was read from the database (since the exporter started, before the first)."
            )
        )
    }

    /// Shows `snapshot`, read in `duration`, and starts its age at zero.
    public func publish(_ snapshot: Snapshot, duration: Duration) {
        families.withLock { $0.publish(snapshot, duration: duration) }
        lastRefresh.withLock { $0 = .now }
    }

    /// Marks a failed refresh: the database is down for the exporter, the last snapshot stays and ages.
    public func publishFailure(duration: Duration) {
        families.withLock { $0.publishFailure(duration: duration) }
    }

    /// Brings the snapshot's age up to date; called before each scrape is rendered.
    public func willScrape() {
        age.set(to: Families.seconds(ContinuousClock.now - lastRefresh.withLock { $0 }))
    }
}
