import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Every address a name resolves to (A and AAAA), from the system resolver on NIO's thread pool. NIO's own
/// getaddrinfo resolver is internal, and the guard needs all the addresses before it pins one.
/// A numeric spelling (`2130706433`, `0x7f.1`, `127.1`) resolves without a query, to the address the system
/// would connect to, which is what the guard then checks.
enum NameResolver {
    static func resolve(_ host: String, port: Int) async throws -> [SocketAddress] {
        try await NIOThreadPool.singleton.runIfActive { try resolveBlocking(host, port: port) }
    }

    static func resolveBlocking(_ host: String, port: Int) throws(EgressError) -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc) || canImport(Musl)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let list else {
            let reason = status == 0 ? "no addresses" : String(cString: gai_strerror(status)).lowercased()
            throw EgressError.connectionFailed("\(host) does not resolve (\(reason))")
        }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        for entry in sequence(first: list, next: { $0.pointee.ai_next }) {
            guard let raw = UnsafeRawPointer(entry.pointee.ai_addr) else { continue }
            switch entry.pointee.ai_family {
            case AF_INET: addresses.append(SocketAddress(raw.load(as: sockaddr_in.self), host: host))
            case AF_INET6: addresses.append(SocketAddress(raw.load(as: sockaddr_in6.self), host: host))
            default: continue
            }
        }
        return addresses
    }
}
