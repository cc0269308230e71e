import Prometheus

/// The series of one gauge in a registry: `update` sets the given ones and unregisters the ones that are gone,
/// so a deregistered worker or an emptied queue leaves the output.
final class GaugeFamily {
    let descriptor: MetricNameDescriptor
    let labelNames: [String]
    let registry: PrometheusCollectorRegistry
    private var gauges: [[String]: Gauge] = [:]

    init(_ name: String, help: String, labels: [String] = [], registry: PrometheusCollectorRegistry) {
        self.descriptor = MetricNameDescriptor(namespace: "sluice", metricName: name, unitName: "", helpText: help)
        self.labelNames = labels
        self.registry = registry
    }

    func update(_ series: [Labeled]) {
        var seen: Set<[String]> = []
        for item in series {
            seen.insert(item.labels)
            gauge(item.labels).set(to: item.value)
        }
        for (labels, gauge) in gauges where !seen.contains(labels) {
            registry.unregisterGauge(gauge)
            gauges[labels] = nil
        }
    }

    func set(_ value: Double) {
        update([Labeled([], value)])
    }

    private func gauge(_ labels: [String]) -> Gauge {
        if let gauge = gauges[labels] { return gauge }
        let gauge = registry.makeGauge(descriptor: descriptor, labels: Array(zip(labelNames, labels)))
        gauges[labels] = gauge
        return gauge
    }
}
