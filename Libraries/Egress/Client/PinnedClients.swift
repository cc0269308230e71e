import AsyncHTTPClient
import Common
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// The HTTP clients behind `EgressClient`, one per target (scheme, host and port), each pinned to one address
/// the guard resolved and checked. A client connects only to its pinned address (async-http-client's
/// `dnsOverride`; it has no resolver or connect hook), so it never looks the name up itself and a name rebound
/// after the check cannot reach another address. TLS still names and verifies the host of the URL.
///
/// A pin is renewed after `lifetime`, so a name's new addresses are picked up, keeping its address while the name
/// still has it; and at once after a connection to its address failed, for the request to try the name's next
/// address. A renewed pin's client closes when its last request ends.
final class PinnedClients: Sendable {
    final class Pin: Sendable {
        let client: HTTPClient
        let address: SocketAddress
        /// Every checked address of the host when the pin was made, `address` among them.
        let addresses: [SocketAddress]
        let expires: ContinuousClock.Instant
        private let use = Mutex((requests: 0, retired: false))

        init(client: HTTPClient, address: SocketAddress, addresses: [SocketAddress], expires: ContinuousClock.Instant) {
            self.client = client
            self.address = address
            self.addresses = addresses
            self.expires = expires
        }

        func checkOut() {
            use.withLock { $0.requests += 1 }
        }

        /// Whether the client is now unused and retired, and must be shut down.
        func checkIn() -> Bool {
            use.withLock { use in
                use.requests -= 1
                return use.retired && use.requests == 0
            }
        }

        /// Whether the client is unused, and must be shut down now; else its last request shuts it down.
        func retire() -> Bool {
            use.withLock { use in
                use.retired = true
                return use.requests == 0
            }
        }
    }

    private struct State {
        var pins: [String: Pin] = [:]
        var closed = false
    }

    private let configuration: HTTPClient.Configuration
    private let vetter: TargetVetter
    private let lifetime: Duration
    private let logger: Logger
    private let state = Mutex(State())

    init(configuration: HTTPClient.Configuration, vetter: TargetVetter, lifetime: Duration = .seconds(30), logger: Logger) {
        self.configuration = configuration
        self.vetter = vetter
        self.lifetime = lifetime
        self.logger = logger
    }

    /// A client for `target`, pinned to a checked address not in `avoiding` if the host has one: the current pin,
    /// or a new one after resolving and checking the host, which must end by `deadline`. Hand it back with `checkIn`.
    /// Throws the guard's refusal, `.connectionFailed`, or `.timedOut(timeout)` (the request's) past the deadline.
    func checkOut(
        _ target: EgressTarget, avoiding: Set<SocketAddress> = [], by deadline: NIODeadline, timeout: Duration
    ) async throws(EgressError) -> Pin {
        let now = ContinuousClock.now
        let (current, previous): (Pin?, SocketAddress?) = try state.withLock { state throws(EgressError) in
            guard !state.closed else { throw .failed("the outbound HTTP client is shut down") }
            guard let pin = state.pins[target.poolKey] else { return (nil, nil) }
            guard pin.expires > now, !avoiding.contains(pin.address) else { return (nil, pin.address) }
            pin.checkOut()
            return (pin, nil)
        }
        if let current { return current }
        let addresses = try await resolve(target, by: deadline, timeout: timeout)
        let untried = addresses.filter { !avoiding.contains($0) }
        let address = untried.first { $0 == previous } ?? untried.first ?? addresses[0]
        var retired: [Pin] = []
        defer { shutDown(retired) }
        return try state.withLock { state throws(EgressError) in
            guard !state.closed else { throw .failed("the outbound HTTP client is shut down") }
            if let pin = state.pins[target.poolKey], pin.expires > now, !avoiding.contains(pin.address) {
                pin.checkOut()
                return pin
            }
            for (key, pin) in state.pins where pin.expires <= now || (key == target.poolKey) {
                state.pins[key] = nil
                if pin.retire() { retired.append(pin) }
            }
            let pin = Pin(client: makeClient(target, address: address), address: address, addresses: addresses, expires: .now + lifetime)
            state.pins[target.poolKey] = pin
            pin.checkOut()
            return pin
        }
    }

    private func resolve(_ target: EgressTarget, by deadline: NIODeadline, timeout: Duration) async throws(EgressError) -> [SocketAddress] {
        do {
            return try await withDeadline(Duration(deadline - .now())) { [vetter] in try await vetter.vet(host: target.host, port: target.port) }
        } catch let error as EgressError {
            throw error
        } catch is DeadlineExceeded {
            throw .timedOut(timeout)
        } catch {
            throw .failed("cancelled while resolving \(target)")
        }
    }

    func checkIn(_ pin: Pin) {
        if pin.checkIn() { shutDown([pin]) }
    }

    /// A connection to the pin's address failed: the next request to the target resolves the host again.
    func connectionFailed(_ pin: Pin, target: EgressTarget) {
        let unused = state.withLock { state -> Bool in
            guard state.pins[target.poolKey] === pin else { return false }
            state.pins[target.poolKey] = nil
            return pin.retire()
        }
        if unused { shutDown([pin]) }
    }

    /// Closes every client; later requests fail. Requests still running end with their client.
    func shutdown() async {
        let unused = state.withLock { state -> [Pin] in
            state.closed = true
            defer { state.pins = [:] }
            return state.pins.values.filter { $0.retire() }
        }
        for pin in unused { try? await pin.client.shutdown() }
    }

    private func makeClient(_ target: EgressTarget, address: SocketAddress) -> HTTPClient {
        var configuration = configuration
        // The client connects to the checked address instead of resolving the host; a literal needs no override.
        if (try? SocketAddress(ipAddress: target.host, port: target.port)) == nil, let ip = address.ipAddress {
            configuration.dnsOverride = [target.host: ip]
        }
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration, backgroundActivityLogger: logger)
    }

    private func shutDown(_ pins: [Pin]) {
        for pin in pins {
            Task { try? await pin.client.shutdown() }
        }
    }
}
