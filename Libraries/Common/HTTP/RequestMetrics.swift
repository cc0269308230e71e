import HTTPTypes
import Prometheus
import Synchronization

/// A service's HTTP request metrics. Labels are bounded: `route` is the matched route's template (`/hooks/{source}`)
/// or `unmatched`, never the path; unusual methods are `other`. Handles are made once per label set.
final class RequestMetrics: Sendable {
    static let shared = RequestMetrics()

    let inFlight = MetricsSetup.gauge("sluice_http_requests_in_flight", help: "HTTP requests being handled now.")
    private let requests = LabeledMetric.counter(
        "sluice_http_requests_total", help: "HTTP requests answered, by route template, method and status class.",
        labels: ["route", "method", "status_class"]
    )
    private let durations = LabeledMetric.durationHistogram(
        "sluice_http_request_duration_seconds", help: "Time from a request's arrival to its response, by route template and method.",
        labels: ["route", "method"]
    )
    private let handles = Mutex<[Key: Handles]>([:])

    private struct Key: Hashable {
        let route: String?
        /// nil for a method outside `methods`.
        let method: HTTPRequest.Method?
        let statusClass: Int
    }

    private struct Handles {
        let requests: Counter
        let duration: DurationHistogram
    }

    static let methods: Set<HTTPRequest.Method> = [.get, .head, .post, .put, .patch, .delete, .options]

    /// Counts one answered request; `route` is nil when no route matched.
    func record(route: String?, method: HTTPRequest.Method, status: HTTPResponse.Status, duration: Duration) {
        let key = Key(route: route, method: Self.methods.contains(method) ? method : nil, statusClass: min(max(status.code / 100, 1), 5))
        let handles = handles.withLock { handles in
            if let found = handles[key] { return found }
            let route = key.route ?? "unmatched"
            let method = key.method?.rawValue ?? "other"
            let made = Handles(requests: requests(route, method, "\(key.statusClass)xx"), duration: durations(route, method))
            handles[key] = made
            return made
        }
        handles.requests.increment()
        handles.duration.record(duration)
    }
}
