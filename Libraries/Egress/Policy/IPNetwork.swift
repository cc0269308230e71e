import NIOCore

/// A CIDR network, IPv4 or IPv6, held as binary: `IPNetwork("10.20.0.0/16")`, `IPNetwork("fd00:1::/48")`.
/// A bare address is a network of one (`/32`, `/128`). Host bits must be clear, so a typo such as
/// `10.20.1.0/8` is caught instead of silently widening to `10.0.0.0/8`.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    /// 4 bytes for IPv4, 16 for IPv6, in network order.
    public let address: [UInt8]
    public let prefixLength: Int

    /// Why a text is not a network.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public init(_ text: String) throws(ParseError) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddressBytes.parse(String(parts[0])) else {
            throw ParseError(description: "'\(text)' is not an IPv4 or IPv6 network (e.g. 10.20.0.0/16 or fd00:1::/48)")
        }
        let maximum = address.count * 8
        var prefixLength = maximum
        if parts.count == 2 {
            guard let length = Int(parts[1]), (0...maximum).contains(length) else {
                throw ParseError(description: "'\(text)' has a prefix length that is not in 0...\(maximum)")
            }
            prefixLength = length
        }
        guard IPAddressBytes.masked(address, to: prefixLength) == address else {
            let network = IPNetwork(address: IPAddressBytes.masked(address, to: prefixLength), prefixLength: prefixLength)
            throw ParseError(description: "'\(text)' has host bits set (did you mean \(network)?)")
        }
        self.init(address: address, prefixLength: prefixLength)
    }

    init(address: [UInt8], prefixLength: Int) {
        self.address = address
        self.prefixLength = prefixLength
    }

    /// Whether `address` (4 or 16 bytes) lies in this network; an IPv4 address is never inside an IPv6 network.
    public func contains(_ address: [UInt8]) -> Bool {
        address.count == self.address.count && IPAddressBytes.masked(address, to: prefixLength) == self.address
    }

    public var description: String { "\(IPAddressBytes.format(address))/\(prefixLength)" }
}
