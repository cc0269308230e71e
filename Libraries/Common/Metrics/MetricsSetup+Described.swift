import Prometheus

/// Metrics made in the process registry with their `# HELP` line, which swift-metrics' `Counter(label:)` cannot
/// give. A name must always come with the same help text and label names (the registry stops the process
/// otherwise), so each metric is made in one place.
extension MetricsSetup {
    public static func counter(_ name: String, help: String, labels: [(String, String)] = []) -> Counter {
        registry.makeCounter(descriptor: descriptor(name, help), labels: labels)
    }

    public static func gauge(_ name: String, help: String, labels: [(String, String)] = []) -> Gauge {
        registry.makeGauge(descriptor: descriptor(name, help), labels: labels)
    }

    /// A histogram of durations, exported in seconds.
    public static func durationHistogram(
        _ name: String, help: String, labels: [(String, String)] = [], buckets: [Duration] = durationBuckets
    ) -> DurationHistogram {
        registry.makeDurationHistogram(descriptor: descriptor(name, help), labels: labels, buckets: buckets)
    }

    public static func valueHistogram(_ name: String, help: String, labels: [(String, String)] = [], buckets: [Double] = sizeBuckets) -> ValueHistogram {
        registry.makeValueHistogram(descriptor: descriptor(name, help), labels: labels, buckets: buckets)
    }

    private static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }
}
