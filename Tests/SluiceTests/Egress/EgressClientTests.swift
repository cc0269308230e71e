import Common
import Egress
import NIOCore
import NIOPosix
import Testing

/// Real `post` calls through the guard, aimed at a real server on 127.0.0.1.
@Suite struct EgressClientTests {
    /// Spellings of this host's addresses, each tried with the server's port and with the scheme's default port.
    /// Only numeric spellings and names in /etc/hosts: a name sent to DNS would leave this host.
    static let loopbackSpellings = [
        "127.0.0.1", "127.1", "127.0.1", "2130706433", "0x7f000001", "0x7f.1", "0x7f.0.0.1", "0177.0.0.1", "0177.1",
        "017700000001", "127.255.255.254", "0.0.0.0", "0", "localhost", "LOCALHOST", "[::1]",
        "[0:0:0:0:0:0:0:1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[0:0:0:0:0:ffff:7f00:1]", "[::127.0.0.1]",
        "[::7f00:1]", "[::]", "[::ffff:0.0.0.0]",
    ]

    @Test func refusesEverySpellingOfThisHostAndTheServerSeesNothing() async throws {
        let target = TargetServer()
        try await target.run { base in
            let port = base.split(separator: ":").last!
            try await EgressClient.with(EgressSettings()) { egress in
                for host in Self.loopbackSpellings {
                    for scheme in ["http", "https"] {
                        for url in ["\(scheme)://\(host):\(port)/ok", "\(scheme)://\(host)/ok"] {
                            await #expect("\(url) is refused") {
                                _ = try await egress.post(EgressRequest(url: url, body: [], timeout: .seconds(5)))
                            } throws: { error in
                                guard case .refusedTarget(let reason) = error as? EgressError else { return false }
                                return reason.contains(" is ") && (error as! EgressError).isPermanent
                            }
                        }
                    }
                }
            }
            #expect(target.count("/ok") == 0)
        }
    }

    @Test func refusalNamesTheResolvedAddressAndWhy() async throws {
        try await EgressClient.with(EgressSettings()) { egress in
            await #expect {
                _ = try await egress.post(EgressRequest(url: "http://localhost:1/x", body: [], timeout: .seconds(5)))
            } throws: { error in
                "\(error)" == "target refused: localhost resolves to a refused address: 127.0.0.1 is loopback (127.0.0.0/8); "
                    + "set SLUICE_ALLOWED_TARGET_NETWORKS to admit it (or SLUICE_ALLOW_PRIVATE_TARGETS=true in development)"
            }
            await #expect {
                _ = try await egress.post(EgressRequest(url: "http://[::ffff:7f00:1]:1/x", body: [], timeout: .seconds(5)))
            } throws: { "\($0)".contains("::ffff:127.0.0.1 is the IPv4-mapped form of 127.0.0.1, which is loopback") }
        }
    }

    @Test(arguments: [
        "ftp://example.com/x", "unix:///var/run/docker.sock", "http+unix://%2Fvar%2Frun%2Fdocker.sock/x", "http:///x", "not a url",
        "http://127.0.0.1:70000/x",
    ])
    func invalidURLsFailPermanentlyBeforeAnyConnection(url: String) async throws {
        try await EgressClient.with(EgressSettings()) { egress in
            await #expect {
                _ = try await egress.post(EgressRequest(url: url, body: [], timeout: .seconds(5)))
            } throws: { error in
                guard case .invalidURL = error as? EgressError else { return false }
                return (error as! EgressError).isPermanent
            }
        }
    }

    @Test func allowListedNetworkIsAdmitted() async throws {
        let target = TargetServer()
        try await target.run { base in
            let settings = EgressSettings(allowedNetworks: [try IPNetwork("127.0.0.0/8")])
            try await EgressClient.with(settings) { egress in
                let response = try await egress.post(EgressRequest(url: "\(base)/ok", body: [], timeout: .seconds(5)))
                #expect(response.status == 204)
                await #expect(throws: EgressError.self) {
                    _ = try await egress.post(EgressRequest(url: "http://[::1]:1/ok", body: [], timeout: .seconds(5)))
                }
            }
            #expect(target.count("/ok") == 1)
        }
    }

    @Test func allowPrivateTargetsLiftsTheGuard() async throws {
        let target = TargetServer()
        try await target.run { base in
            let port = base.split(separator: ":").last!
            try await EgressClient.with(EgressSettings(allowPrivateTargets: true)) { egress in
                for url in ["\(base)/ok", "http://2130706433:\(port)/ok", "http://localhost:\(port)/ok"] {
                    let response = try await egress.post(EgressRequest(url: url, body: [], timeout: .seconds(5)))
                    #expect(response.status == 204, "\(url)")
                }
            }
            #expect(target.count("/ok") == 3)
        }
    }

    @Test func sendsTheBodyAndADefaultUserAgentAndKeepsOnlyTheExcerpt() async throws {
        let target = TargetServer()
        try await target.run { base in
            try await EgressClient.with { egress in
                let signed = try await egress.post(
                    EgressRequest(url: "\(base)/signed", headers: [("X-Probe", "1")], body: Array("hello".utf8), timeout: .seconds(5)))
                #expect(signed.status == 200)
                #expect(signed.latency > .zero)
                let delivery = try #require(target.deliveries.withLock { $0.first })
                #expect(delivery.body == Array("hello".utf8))
                #expect(delivery.headers[.userAgent] == "Sluice/\(SluiceVersion.current)")
                let failed = try await egress.post(EgressRequest(url: "\(base)/fail", body: [], timeout: .seconds(5)), excerptLimit: 6)
                #expect(failed.status == 500)
                #expect(failed.bodyExcerpt == Array("target".utf8))
                let own = try await egress.post(
                    EgressRequest(url: "\(base)/signed", headers: [("User-Agent", "mine/2")], body: [], timeout: .seconds(5)))
                #expect(own.status == 200)
                #expect(target.deliveries.withLock { $0.last?.headers[.userAgent] } == "mine/2")
            }
        }
    }

    @Test func aRedirectIsReturnedNotFollowed() async throws {
        let target = TargetServer()
        try await target.run { base in
            try await EgressClient.with { egress in
                let response = try await egress.post(EgressRequest(url: "\(base)/redirect", body: [], timeout: .seconds(5)))
                #expect(response.status == 302)
                #expect(response.headers.contains { $0.0.lowercased() == "location" && $0.1 == "/ok" })
            }
            #expect(target.count("/redirect") == 1)
            #expect(target.count("/ok") == 0)
        }
    }

    @Test func aClosedPortFailsAtOnceAsConnectionFailed() async throws {
        let port = try await Self.closedLoopbackPort()
        try await EgressClient.with { egress in
            let start = ContinuousClock.now
            await #expect {
                _ = try await egress.post(EgressRequest(url: "http://127.0.0.1:\(port)/ok", body: [], timeout: .seconds(30)))
            } throws: { error in
                guard case .connectionFailed(let reason) = error as? EgressError else { return false }
                return reason.contains("127.0.0.1:\(port)") && reason.lowercased().contains("refused") && !(error as! EgressError).isPermanent
            }
            #expect(ContinuousClock.now - start < .seconds(3))
        }
    }

    @Test func aResetConnectionFailsAtOnceAsConnectionFailed() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                // Linger 0, then close: a reset as soon as the connection is accepted.
                let provider = channel as! any SocketOptionProvider
                return provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).map { channel.close(promise: nil) }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        let port = try #require(server.localAddress?.port)
        try await EgressClient.with { egress in
            let start = ContinuousClock.now
            await #expect {
                _ = try await egress.post(EgressRequest(url: "http://127.0.0.1:\(port)/ok", body: [], timeout: .seconds(30)))
            } throws: { error in
                guard case .connectionFailed = error as? EgressError else { return false }
                return !(error as! EgressError).isPermanent
            }
            #expect(ContinuousClock.now - start < .seconds(3))
        }
        try await server.close()
    }

    @Test func aSlowAnswerTimesOut() async throws {
        let target = TargetServer()
        try await target.run { base in
            try await Self.expectTimeout(posting: "\(base)/hold")
            target.gate.open()
        }
    }

    /// The head at once, then a body that never comes: the timeout bounds the reading of the body too.
    @Test func aBodyThatNeverEndsTimesOut() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(HeadOnly()) }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        let port = try #require(server.localAddress?.port)
        try await Self.expectTimeout(posting: "http://127.0.0.1:\(port)/ok")
        try await server.close()
    }

    /// A POST to `url` with a timeout of 300 ms fails as timed out, well within 3 s.
    static func expectTimeout(posting url: String) async throws {
        try await EgressClient.with { egress in
            let start = ContinuousClock.now
            await #expect {
                _ = try await egress.post(EgressRequest(url: url, body: [], timeout: .milliseconds(300)))
            } throws: { error in
                guard case .timedOut(let timeout) = error as? EgressError else { return false }
                return timeout == .milliseconds(300)
            }
            #expect(ContinuousClock.now - start < .seconds(3))
        }
    }

    /// Answers the first request of a connection with a head announcing ten bytes of body, and sends none of them.
    final class HeadOnly: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        private var answered = false

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard !answered else { return }
            answered = true
            let head = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: head)), promise: nil)
        }
    }

    /// Two connections per host, six requests answered after a second each, a timeout of 2.5 s: the last two wait
    /// two seconds for a permit and would time out if the clock ran while they waited (the 1.5 s of slack is for a
    /// machine busy with the rest of the suite).
    @Test func theTimeoutStartsOnlyOnceTheRequestHasAConnection() async throws {
        let target = TargetServer()
        try await target.run { base in
            try await EgressClient.with(EgressSettings(allowPrivateTargets: true, connectionsPerHost: 2)) { egress in
                let start = ContinuousClock.now
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<6 {
                        group.addTask { try await egress.post(EgressRequest(url: "\(base)/slow", body: [], timeout: .milliseconds(2500))).status }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses == Array(repeating: 204, count: 6))
                #expect(ContinuousClock.now - start >= .seconds(3), "two at a time")
            }
            #expect(target.count("/slow") == 6)
        }
    }

    /// A loopback port nothing listens on: bound, read, closed.
    static func closedLoopbackPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(channel.localAddress?.port)
        try await channel.close()
        return port
    }
}
