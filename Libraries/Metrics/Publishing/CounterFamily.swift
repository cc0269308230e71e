import Prometheus

/// A monotonic total kept in the database (`job_counters`) shown as a Prometheus counter: each series is raised by
/// the difference since the last update, and started again if the stored total ever went down.
final class CounterFamily {
    let descriptor: MetricNameDescriptor
    let labelNames: [String]
    let registry: PrometheusCollectorRegistry
    private var counters: [[String]: (counter: Counter, value: Double)] = [:]

    init(_ name: String, help: String, labels: [String], registry: PrometheusCollectorRegistry) {
        self.descriptor = MetricNameDescriptor(namespace: "sluice", metricName: name, unitName: "total", helpText: help)
        self.labelNames = labels
        self.registry = registry
    }

    func update(_ series: [Labeled]) {
        var seen: Set<[String]> = []
        for item in series {
            seen.insert(item.labels)
            if let (counter, value) = counters[item.labels], item.value >= value {
                counter.increment(by: Int64(item.value - value))
                counters[item.labels] = (counter, item.value)
                continue
            }
            if let old = counters[item.labels] { registry.unregisterCounter(old.counter) }
            let counter = registry.makeCounter(descriptor: descriptor, labels: Array(zip(labelNames, item.labels)))
            counter.increment(by: Int64(item.value))
            counters[item.labels] = (counter, item.value)
        }
        for (labels, entry) in counters where !seen.contains(labels) {
            registry.unregisterCounter(entry.counter)
            counters[labels] = nil
        }
    }
}
