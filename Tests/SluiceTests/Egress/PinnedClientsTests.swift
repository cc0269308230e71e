import NIOCore
import NIOPosix
import Synchronization
import Testing

@testable import Egress

/// The guard's pins, through real `post` calls to a real server on 127.0.0.1. The names are not in DNS: only the
/// test's resolver answers for them, so a request that reaches the server went to the address that was pinned.
@Suite struct PinnedClientsTests {
    /// Answers `pinned.test` from `answers`, one list per lookup (the last one repeats), and counts the lookups.
    final class Resolver: Sendable {
        let answers: [[String]]
        let lookups = Atomic(0)

        init(_ answers: [[String]]) {
            self.answers = answers
        }

        var resolve: TargetVetter.Resolve {
            { _, port in
                let lookup = self.lookups.add(1, ordering: .relaxed).oldValue
                return try self.answers[min(lookup, self.answers.count - 1)].map { try SocketAddress(ipAddress: $0, port: port) }
            }
        }
    }

    final class Counter: Sendable {
        let value = Atomic(0)
    }

    static func loopbackAllowed() throws -> EgressSettings {
        EgressSettings(allowedNetworks: [try IPNetwork("127.0.0.0/8")])
    }

    static func post(_ egress: EgressClient, port: String) async throws -> Int {
        try await egress.post(EgressRequest(url: "http://pinned.test:\(port)/ok", body: [], timeout: .seconds(5))).status
    }

    @Test func aPinnedNameIsLookedUpOnceAndItsRequestsReachTheCheckedAddress() async throws {
        let target = TargetServer()
        let resolver = Resolver([["127.0.0.1"]])
        try await target.run { base in
            let port = String(base.split(separator: ":").last!)
            try await EgressClient.with(try Self.loopbackAllowed(), resolve: resolver.resolve, pinLifetime: .seconds(600)) { egress in
                for _ in 0..<3 {
                    let status = try await Self.post(egress, port: port)
                    #expect(status == 204)
                }
            }
        }
        #expect(target.count("/ok") == 3)
        #expect(resolver.lookups.load(ordering: .relaxed) == 1)
    }

    /// Rebound to the cloud metadata address once the first pin has expired: the new answer is checked and refused.
    @Test func aNameReboundToARefusedAddressIsRefusedWhenItsPinIsRenewed() async throws {
        let target = TargetServer()
        let resolver = Resolver([["127.0.0.1"], ["169.254.169.254"]])
        try await target.run { base in
            let port = String(base.split(separator: ":").last!)
            try await EgressClient.with(try Self.loopbackAllowed(), resolve: resolver.resolve, pinLifetime: .zero) { egress in
                let status = try await Self.post(egress, port: port)
                #expect(status == 204)
                await #expect {
                    _ = try await Self.post(egress, port: port)
                } throws: { error in
                    guard case .refusedTarget(let reason) = error as? EgressError else { return false }
                    return reason.contains("pinned.test resolves to a refused address: 169.254.169.254 is link-local")
                }
            }
        }
        #expect(target.count("/ok") == 1)
    }

    /// 127.0.0.2 refuses (the server listens on 127.0.0.1 only): the same request goes on to the next address, and
    /// the requests after it keep that address without a lookup.
    @Test func aHostWhoseFirstAddressRefusesIsReachedOnItsNext() async throws {
        let target = TargetServer()
        let resolver = Resolver([["127.0.0.2", "127.0.0.1"]])
        try await target.run { base in
            let port = String(base.split(separator: ":").last!)
            try await EgressClient.with(EgressSettings(allowPrivateTargets: true), resolve: resolver.resolve, pinLifetime: .seconds(600)) { egress in
                let status = try await Self.post(egress, port: port)
                #expect(status == 204)
                #expect(resolver.lookups.load(ordering: .relaxed) == 2)
                let again = try await Self.post(egress, port: port)
                #expect(again == 204)
            }
        }
        #expect(target.count("/ok") == 2)
        #expect(resolver.lookups.load(ordering: .relaxed) == 2)
    }

    /// A connection that was made and then reset may have carried the request: it is not sent to the next address.
    @Test func aRequestWhoseConnectionWasResetIsNotSentAgain() async throws {
        let accepted = Counter()
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                accepted.value.add(1, ordering: .relaxed)
                let provider = channel as! any SocketOptionProvider
                return provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).map { channel.close(promise: nil) }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        let port = try #require(server.localAddress?.port)
        let resolver = Resolver([["127.0.0.1", "127.0.0.2"]])
        try await EgressClient.with(EgressSettings(allowPrivateTargets: true), resolve: resolver.resolve, pinLifetime: .seconds(600)) { egress in
            await #expect {
                _ = try await Self.post(egress, port: String(port))
            } throws: { error in
                guard case .connectionFailed = error as? EgressError else { return false }
                return true
            }
        }
        try await server.close()
        #expect(accepted.value.load(ordering: .relaxed) == 1)
        #expect(resolver.lookups.load(ordering: .relaxed) == 1)
    }
}
