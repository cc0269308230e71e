import AsyncHTTPClient
import Common
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The one outbound HTTP client. Run it as a Service (it shuts its clients down on graceful shutdown), or call
/// shutdown() when used outside a ServiceGroup (tests).
///
/// Every request goes through the SSRF guard first: the host is resolved and every address checked, and the
/// request is sent over a client pinned to one of those addresses (see `PinnedClients`), so what is checked is
/// what is connected to. Redirects are not followed; a request waits for a per-host permit before its timeout
/// starts, so the pool never queues it.
///
/// ```swift
/// let egress = EgressClient(settings: try .from(environment: environment, defaultConnectionsPerHost: 100), logger: logger)
/// let response = try await egress.post(EgressRequest(url: "https://hooks.example.com/in", body: body, timeout: .seconds(10)))
/// ```
public final class EgressClient: Service, Sendable {
    private let logger: Logger
    private let permits: HostPermits
    private let clients: PinnedClients
    private let stopped = Mutex(false)

    /// How long a host stays pinned to the address it was checked at (see `PinnedClients`).
    static let pinLifetime: Duration = .seconds(30)

    public convenience init(settings: EgressSettings, logger: Logger) {
        self.init(settings: settings, vetter: TargetVetter(policy: AddressPolicy(settings)), pinLifetime: Self.pinLifetime, logger: logger)
    }

    init(settings: EgressSettings, vetter: TargetVetter, pinLifetime: Duration, logger: Logger) {
        self.logger = logger
        self.permits = HostPermits(limit: settings.connectionsPerHost)
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = settings.connectionsPerHost
        // A refused or reset connection fails its request now; retrying is the queue's job, with backoff.
        configuration.connectionPool.retryConnectionEstablishment = false
        // Sluice bootstraps no tracer: the default no-op one still parses every request's URL again for its span.
        configuration.tracing.tracer = nil
        self.clients = PinnedClients(configuration: configuration, vetter: vetter, lifetime: pinLifetime, logger: logger)
    }

    /// POSTs `request` and returns the answer, whatever its status. The body is read to its end but only its first
    /// `excerptLimit` bytes are kept.
    public func post(_ request: EgressRequest, excerptLimit: Int = 4096) async throws(EgressError) -> EgressResponse {
        let target = try EgressTarget(request.url)
        do {
            try await permits.acquire(target.poolKey)
        } catch {
            throw .failed("cancelled while waiting for a connection to \(target)")
        }
        defer { permits.release(target.poolKey) }
        let start = ContinuousClock.now
        let prepared = Self.prepare(request)
        let deadline = NIODeadline.now() + TimeAmount(request.timeout)
        do {
            // A host with several addresses gets each in turn while none accepts the connection, as Happy Eyeballs
            // would try them; a request that reached the target is never sent twice.
            var tried: Set<SocketAddress> = []
            while true {
                let pin = try await clients.checkOut(target, avoiding: tried, by: deadline, timeout: request.timeout)
                do {
                    defer { clients.checkIn(pin) }
                    // async-http-client's deadline bounds the request up to the answer's head; the body is bounded below.
                    let response = try await pin.client.execute(prepared, deadline: deadline, logger: logger)
                    let excerpt = try await Self.excerpt(of: response, limit: excerptLimit, until: deadline)
                    return EgressResponse(
                        status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, bodyExcerpt: excerpt,
                        latency: ContinuousClock.now - start
                    )
                } catch {
                    let failure = EgressError.classify(error, target: target, timeout: request.timeout)
                    guard case .connectionFailed = failure else { throw failure }
                    clients.connectionFailed(pin, target: target)
                    tried.insert(pin.address)
                    guard EgressError.neverConnected(error), pin.addresses.contains(where: { !tried.contains($0) }) else { throw failure }
                }
            }
        } catch {
            let failure = EgressError.classify(error, target: target, timeout: request.timeout)
            if case .refusedTarget(let reason) = failure {
                logger.warning("egress guard refused a target", metadata: ["target": "\(target)", "reason": "\(reason)"])
            }
            throw failure
        }
    }

    /// Reads the answer's body to its end, keeping its first `limit` bytes, by `deadline`. An answer whose framing
    /// says it has no body (204, 304, `Content-Length: 0`) ends without waiting for the peer, so it is read here;
    /// any other body could trickle, so it is read under a deadline of its own, which costs a task.
    static func excerpt(of response: HTTPClientResponse, limit: Int, until deadline: NIODeadline) async throws -> [UInt8] {
        let read: @Sendable () async throws -> [UInt8] = {
            var excerpt: [UInt8] = []
            for try await chunk in response.body where excerpt.count < limit {
                excerpt.append(contentsOf: chunk.readableBytesView.prefix(limit - excerpt.count))
            }
            return excerpt
        }
        guard hasBody(response) else { return try await read() }
        return try await withDeadline(Duration(deadline - .now()), read)
    }

    static func hasBody(_ response: HTTPClientResponse) -> Bool {
        switch response.status.code {
        case 100..<200, 204, 304: false
        default: response.headers["Content-Length"] != ["0"]
        }
    }

    /// Waits for graceful shutdown, then closes the clients.
    public func run() async throws {
        try? await gracefulShutdown()
        try await shutdown()
    }

    /// Closes the clients; later requests fail. Safe to call more than once.
    public func shutdown() async throws {
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        await clients.shutdown()
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
