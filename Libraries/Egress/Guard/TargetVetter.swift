import NIOCore
import NIOSOCKS

/// Turns what the HTTP client asked the guard for into the addresses it may connect to: the literal address, or
/// every address the name resolves to, all of them allowed by the policy. One refused address refuses the
/// target: a name that resolves to a public and a private address must not reach the private one by chance.
struct TargetVetter: Sendable {
    let policy: AddressPolicy

    /// Fails with `EgressError.refusedTarget` or, when the name does not resolve, `.connectionFailed`.
    func vet(_ target: SOCKSAddress, on eventLoop: any EventLoop) -> EventLoopFuture<[SocketAddress]> {
        switch target {
        case .address(let address):
            return eventLoop.makeCompletedFuture { try check([address], requested: nil) }
        case .domain(let name, let port):
            return NameResolver.resolve(name, port: port, on: eventLoop)
                .flatMapErrorThrowing { error -> [SocketAddress] in
                    throw error as? EgressError ?? .connectionFailed("\(name) could not be resolved (\(error))")
                }
                .flatMapThrowing { addresses in try check(addresses, requested: name) }
        }
    }

    func check(_ addresses: [SocketAddress], requested name: String?) throws(EgressError) -> [SocketAddress] {
        guard !addresses.isEmpty else { throw .connectionFailed("\(name ?? "the target") resolves to no address") }
        for address in addresses {
            if let refusal = policy.refusal(for: address) {
                throw .refusedTarget(name.map { "\($0) resolves to a refused address: \(refusal)" } ?? refusal)
            }
        }
        return addresses
    }
}
