import Logging
import NIOCore
import NIOPosix
import NIOSOCKS

/// The SSRF guard: a SOCKS5 server on 127.0.0.1 that the shared HTTP client uses as its proxy, so every connection
/// the client makes is opened here, to an address checked at that moment (async-http-client 1.37 has no public
/// resolver or connect hook). Checking at connect time, on the addresses actually dialled, covers every spelling
/// of an address and a name that is rebound between a check and the connect.
final class ConnectGuard: Sendable {
    let failures: GuardFailures
    private let channel: any Channel

    private init(channel: any Channel, failures: GuardFailures) {
        self.channel = channel
        self.failures = failures
    }

    static func start(policy: AddressPolicy, logger: Logger) async throws -> ConnectGuard {
        let failures = GuardFailures()
        let vetter = TargetVetter(policy: policy)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handshake = SOCKSServerHandshakeHandler()
                    try channel.pipeline.syncOperations.addHandler(handshake)
                    try channel.pipeline.syncOperations.addHandler(
                        GuardHandler(handshake: handshake, vetter: vetter, failures: failures, logger: logger)
                    )
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return ConnectGuard(channel: channel, failures: failures)
    }

    /// The loopback port the guard listens on.
    var port: Int { channel.localAddress?.port ?? 0 }

    /// Stops accepting; connections already glued end with their HTTP client connections.
    func shutdown() async throws {
        try await channel.close()
    }
}
