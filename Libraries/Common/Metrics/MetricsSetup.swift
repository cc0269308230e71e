import Metrics
import Prometheus

/// The process's Prometheus registry, installed as the swift-metrics backend the first time it is used.
public enum MetricsSetup {
    /// The registry behind every metric of this process; `/metrics` prints it.
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = durationBuckets
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// Buckets of request, write and claim latencies: 1 ms to 10 s.
    public static let durationBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10),
    ]

    /// Buckets of job run and wait times, which reach minutes under a backlog: 1 ms to 1 h.
    public static let jobDurationBuckets: [Duration] =
        durationBuckets + [.seconds(30), .seconds(60), .seconds(300), .seconds(900), .seconds(3600)]

    /// Buckets of batch sizes (events per group commit, jobs per claim): 1 to 5,000.
    public static let sizeBuckets: [Double] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000]
}
