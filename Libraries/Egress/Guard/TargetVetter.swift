import NIOCore

/// Turns a request's host into the addresses it may connect to: the literal address, or every address the name
/// resolves to, all of them allowed by the policy. One refused address refuses the target: a name that resolves
/// to a public and a private address must not reach the private one by chance.
struct TargetVetter: Sendable {
    typealias Resolve = @Sendable (_ host: String, _ port: Int) async throws -> [SocketAddress]

    let policy: AddressPolicy
    /// The system resolver; tests give a name the answers they need.
    var resolve: Resolve = NameResolver.resolve

    /// Fails with `EgressError.refusedTarget` or, when the name does not resolve, `.connectionFailed`.
    func vet(host: String, port: Int) async throws(EgressError) -> [SocketAddress] {
        if let address = try? SocketAddress(ipAddress: host, port: port) { return try check([address], requested: nil) }
        let addresses: [SocketAddress]
        do {
            addresses = try await resolve(host, port)
        } catch {
            throw error as? EgressError ?? .connectionFailed("\(host) could not be resolved (\(error))")
        }
        return try check(addresses, requested: host)
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
