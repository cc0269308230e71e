import Hummingbird
import Logging
import PostgresNIO
import Prometheus

/// `/healthz` (alive, no I/O), `/readyz` (database reachable, else 503) and `/metrics` (Prometheus text;
/// `beforeScrape` runs first, for gauges computed at scrape time such as an age).
public struct HealthRoutes<Context: RequestContext>: Sendable {
    let probe: DatabaseProbe
    let registry: PrometheusCollectorRegistry
    let beforeScrape: [@Sendable () -> Void]

    public init(probe: DatabaseProbe, registry: PrometheusCollectorRegistry, beforeScrape: [@Sendable () -> Void] = []) {
        self.probe = probe
        self.registry = registry
        self.beforeScrape = beforeScrape
    }

    public func add(to router: Router<Context>) {
        router.get("/healthz") { _, _ in
            Self.json(#"{"status":"ok"}"#)
        }
        router.get("/readyz") { _, context in
            guard await probe.isReachable(logger: context.logger) else { throw ServiceError.databaseUnavailable() }
            return Self.json(#"{"status":"ready"}"#)
        }
        router.get("/metrics") { _, _ in
            for hook in beforeScrape { hook() }
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: registry.emitToString())))
        }
    }

    static func json(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
