import NIOCore

/// Binary IP addresses (4 or 16 bytes, network order), converted from and to NIO's `SocketAddress`.
enum IPAddressBytes {
    /// Strict parse of a textual IPv4 (dotted quad) or IPv6 address, as `inet_pton` reads it.
    static func parse(_ text: String) -> [UInt8]? {
        (try? SocketAddress(ipAddress: text, port: 0)).flatMap(bytes(of:))
    }

    static func bytes(of address: SocketAddress) -> [UInt8]? {
        switch address {
        case .v4(let v4): withUnsafeBytes(of: v4.address.sin_addr) { Array($0) }
        case .v6(let v6): withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
        case .unixDomainSocket: nil
        }
    }

    static func format(_ address: [UInt8]) -> String {
        (try? SocketAddress(packedIPAddress: ByteBuffer(bytes: address), port: 0).ipAddress) ?? "\(address)"
    }

    /// `address` with every bit after the first `prefixLength` cleared.
    static func masked(_ address: [UInt8], to prefixLength: Int) -> [UInt8] {
        address.enumerated().map { index, byte in
            let kept = min(max(prefixLength - index * 8, 0), 8)
            return kept == 8 ? byte : byte & ~(0xFF >> UInt8(kept))
        }
    }

    /// The IPv4 address inside an IPv4-mapped (`::ffff:a.b.c.d`) or IPv4-compatible (`::a.b.c.d`) IPv6 address.
    static func embeddedIPv4(_ address: [UInt8]) -> (address: [UInt8], form: String)? {
        guard address.count == 16, address[0..<10].allSatisfy({ $0 == 0 }) else { return nil }
        switch (address[10], address[11]) {
        case (0xFF, 0xFF): return (Array(address[12...]), "IPv4-mapped")
        case (0, 0): return (Array(address[12...]), "IPv4-compatible")
        default: return nil
        }
    }
}
