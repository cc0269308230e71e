import AsyncHTTPClient
import Common
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The one outbound HTTP client. Run it as a Service (it shuts its pool and guard down on graceful shutdown),
/// or call shutdown() when used outside a ServiceGroup (tests).
///
/// Every connection goes through the SSRF guard (a SOCKS5 server on loopback, see `ConnectGuard`), which checks
/// each address at connect time. Redirects are not followed; a request waits for a per-host permit before its
/// timeout starts, so the pool never queues it.
///
/// ```swift
/// let egress = EgressClient(settings: try .from(environment: environment, defaultConnectionsPerHost: 100), logger: logger)
/// let response = try await egress.post(EgressRequest(url: "https://hooks.example.com/in", body: body, timeout: .seconds(10)))
/// ```
public final class EgressClient: Service, Sendable {
    private struct Running: Sendable {
        let http: HTTPClient
        let guarded: ConnectGuard
    }

    private let logger: Logger
    private let permits: HostPermits
    private let started: Task<Running, any Error>
    private let stopped = Mutex(false)

    public init(settings: EgressSettings, logger: Logger) {
        self.logger = logger
        self.permits = HostPermits(limit: settings.connectionsPerHost)
        let policy = AddressPolicy(settings)
        // Binding the guard is asynchronous and the initializer is not: requests wait for it in `post`.
        self.started = Task {
            let guarded = try await ConnectGuard.start(policy: policy, logger: logger)
            var configuration = HTTPClient.Configuration()
            configuration.proxy = .socksServer(host: "127.0.0.1", port: guarded.port)
            configuration.redirectConfiguration = .disallow
            configuration.decompression = .disabled
            configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = settings.connectionsPerHost
            // A refused or reset connection fails its request now; retrying is the queue's job, with backoff.
            configuration.connectionPool.retryConnectionEstablishment = false
            let http = HTTPClient(
                eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration, backgroundActivityLogger: logger)
            return Running(http: http, guarded: guarded)
        }
    }

    /// POSTs `request` and returns the answer, whatever its status. The body is read to its end but only its first
    /// `excerptLimit` bytes are kept.
    public func post(_ request: EgressRequest, excerptLimit: Int = 4096) async throws(EgressError) -> EgressResponse {
        let target = try EgressTarget(request.url)
        let running: Running
        do {
            running = try await started.value
        } catch {
            throw .failed("the outbound HTTP client did not start: \(error)")
        }
        do {
            try await permits.acquire(target.poolKey)
        } catch {
            throw .failed("cancelled while waiting for a connection to \(target)")
        }
        defer { permits.release(target.poolKey) }
        let start = ContinuousClock.now
        let prepared = Self.prepare(request)
        do {
            let (status, headers, excerpt) = try await withDeadline(request.timeout) { [logger] in
                let response = try await running.http.execute(prepared, deadline: .now() + TimeAmount(request.timeout), logger: logger)
                var excerpt: [UInt8] = []
                for try await chunk in response.body where excerpt.count < excerptLimit {
                    excerpt.append(contentsOf: chunk.readableBytesView.prefix(excerptLimit - excerpt.count))
                }
                return (Int(response.status.code), response.headers.map { ($0.name, $0.value) }, excerpt)
            }
            return EgressResponse(status: status, headers: headers, bodyExcerpt: excerpt, latency: ContinuousClock.now - start)
        } catch {
            throw EgressError.classify(error, target: target, timeout: request.timeout, failures: running.guarded.failures)
        }
    }

    /// Waits for graceful shutdown, then closes the pool and the guard.
    public func run() async throws {
        _ = try await started.value
        try? await gracefulShutdown()
        try await shutdown()
    }

    /// Closes the pool and the guard; later requests fail. Safe to call more than once.
    public func shutdown() async throws {
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        let running = try await started.value
        try await running.http.shutdown()
        try await running.guarded.shutdown()
    }

    private static func prepare(_ request: EgressRequest) -> HTTPClientRequest {
        var prepared = HTTPClientRequest(url: request.url)
        prepared.method = .POST
        for (name, value) in request.headers { prepared.headers.add(name: name, value: value) }
        if !prepared.headers.contains(name: "User-Agent") {
            prepared.headers.add(name: "User-Agent", value: "Sluice/\(SluiceVersion.current)")
        }
        prepared.body = .bytes(request.body)
        return prepared
    }
}
