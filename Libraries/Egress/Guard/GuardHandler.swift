import Logging
import NIOCore
import NIOPosix
import NIOSOCKS

/// One SOCKS5 connection from the shared HTTP client: accepts the greeting (no authentication: the guard listens
/// on loopback only), vets the requested target, connects to a checked address and glues the two channels.
/// Bytes then pass through untouched, so TLS stays end to end between the HTTP client and the target.
final class GuardHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ClientMessage
    typealias OutboundOut = ServerMessage

    private let handshake: SOCKSServerHandshakeHandler
    private let vetter: TargetVetter
    private let failures: GuardFailures
    private let logger: Logger
    private var requested = false

    static let connectTimeout = TimeAmount.seconds(10)
    private static let unbound = SOCKSAddress.address(try! SocketAddress(ipAddress: "0.0.0.0", port: 0))

    init(handshake: SOCKSServerHandshakeHandler, vetter: TargetVetter, failures: GuardFailures, logger: Logger) {
        self.handshake = handshake
        self.vetter = vetter
        self.failures = failures
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .greeting(let greeting):
            let method: AuthenticationMethod = greeting.methods.contains(.noneRequired) ? .noneRequired : .noneAcceptable
            context.writeAndFlush(wrapOutboundOut(.selectedAuthenticationMethod(.init(method: method))), promise: nil)
            if method == .noneAcceptable { context.close(promise: nil) }
        case .request(let request) where request.command == .connect && !requested:
            requested = true
            connect(to: request.addressType, context: context)
        case .request:
            reply(.commandUnsupported, context: context)
        case .authenticationData:
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        // NIO removes the handshake handler after this, and it passes on its leftover bytes: leave first, so they are
        // dropped at the tail of the pipeline instead of reaching a handler that expects SOCKS messages.
        context.fireChannelInactive()
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("egress guard connection failed", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }

    private func connect(to target: SOCKSAddress, context: ChannelHandlerContext) {
        let eventLoop = context.eventLoop
        vetter.vet(target, on: eventLoop).flatMap { addresses in
            // The same event loop as the client's channel, so the glue handlers can call each other directly.
            ClientBootstrap(group: eventLoop)
                .connectTimeout(Self.connectTimeout)
                .resolver(CheckedAddresses(addresses: addresses, eventLoop: eventLoop))
                .connect(host: target.host, port: target.port)
                .flatMapErrorThrowing { error -> any Channel in throw EgressError.connectionFailed(Self.describe(error, to: target)) }
        }.assumeIsolated().whenComplete { result in
            switch result {
            case .success(let peer): self.glue(context, to: peer, target: target)
            case .failure(let error): self.refuse(context, target: target, error: error)
            }
        }
    }

    private func glue(_ context: ChannelHandlerContext, to peer: any Channel, target: SOCKSAddress) {
        guard context.channel.isActive else {
            peer.close(promise: nil)
            return
        }
        failures.clear(target)
        let (ours, theirs) = GlueHandler.matchedPair()
        do {
            try context.pipeline.syncOperations.addHandler(ours)
            try peer.pipeline.syncOperations.addHandler(theirs)
        } catch {
            peer.close(promise: nil)
            context.close(promise: nil)
            return
        }
        let bound = peer.localAddress.map(SOCKSAddress.address) ?? Self.unbound
        context.writeAndFlush(wrapOutboundOut(.response(SOCKSResponse(reply: .succeeded, boundAddress: bound))), promise: nil)
        // This handler goes first: removing the handshake handler passes on any bytes it buffered, and they must
        // reach the glue, not a handler that expects SOCKS messages.
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        context.pipeline.syncOperations.removeHandler(handshake, promise: nil)
    }

    private func refuse(_ context: ChannelHandlerContext, target: SOCKSAddress, error: any Error) {
        let failure = error as? EgressError ?? .connectionFailed(Self.describe(error, to: target))
        failures.record(failure, for: target)
        let reply: SOCKSServerReply
        switch failure {
        case .refusedTarget(let reason):
            logger.warning("egress guard refused a target", metadata: ["target": "\(target.place)", "reason": "\(reason)"])
            reply = .notAllowed
        default:
            reply = .hostUnreachable
        }
        self.reply(reply, context: context)
    }

    private func reply(_ reply: SOCKSServerReply, context: ChannelHandlerContext) {
        let response = ServerMessage.response(SOCKSResponse(reply: reply, boundAddress: Self.unbound))
        context.writeAndFlush(wrapOutboundOut(response)).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }

    private static func describe(_ error: any Error, to target: SOCKSAddress) -> String {
        let place = target.place
        guard let error = error as? NIOConnectionError, !error.connectionErrors.isEmpty else {
            return "could not connect to \(place) (\(error))"
        }
        let causes = error.connectionErrors.map { "\($0.target): \($0.error)" }
        return "could not connect to \(place) (\(causes.joined(separator: "; ")))"
    }
}

extension SOCKSAddress {
    /// `host:port`, an IPv6 host in brackets.
    var place: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    var host: String {
        switch self {
        case .address(let address): address.ipAddress ?? "\(address)"
        case .domain(let name, _): name
        }
    }

    var port: Int {
        switch self {
        case .address(let address): address.port ?? 0
        case .domain(_, let port): port
        }
    }
}
