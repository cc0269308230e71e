import Prometheus
import Synchronization

/// A metric with labels whose handle per label values is made once and then reused, so a hot path pays one
/// dictionary lookup instead of the registry's lock and name validation on every event.
///
/// ```swift
/// static let received = LabeledMetric.counter("sluice_webhooks_received_total", help: "...", labels: ["source", "outcome"])
/// received("shop", "accepted").increment()
/// ```
public final class LabeledMetric<Handle: AnyObject & Sendable>: Sendable {
    private let labelNames: [String]
    private let make: @Sendable ([(String, String)]) -> Handle
    private let handles = Mutex<[[String]: Handle]>([:])

    init(labels: [String], make: @escaping @Sendable ([(String, String)]) -> Handle) {
        self.labelNames = labels
        self.make = make
    }

    /// The handle for `values`, one per label name in order.
    public func callAsFunction(_ values: String...) -> Handle {
        precondition(values.count == labelNames.count, "one value per label")
        return handles.withLock { handles in
            if let handle = handles[values] { return handle }
            let handle = make(Array(zip(labelNames, values)))
            handles[values] = handle
            return handle
        }
    }
}

extension LabeledMetric where Handle == Counter {
    public static func counter(_ name: String, help: String, labels: [String]) -> LabeledMetric {
        LabeledMetric(labels: labels) { MetricsSetup.counter(name, help: help, labels: $0) }
    }
}

extension LabeledMetric where Handle == Gauge {
    public static func gauge(_ name: String, help: String, labels: [String]) -> LabeledMetric {
        LabeledMetric(labels: labels) { MetricsSetup.gauge(name, help: help, labels: $0) }
    }
}

extension LabeledMetric where Handle == DurationHistogram {
    public static func durationHistogram(
        _ name: String, help: String, labels: [String], buckets: [Duration] = MetricsSetup.durationBuckets
    ) -> LabeledMetric {
        LabeledMetric(labels: labels) { MetricsSetup.durationHistogram(name, help: help, labels: $0, buckets: buckets) }
    }
}
