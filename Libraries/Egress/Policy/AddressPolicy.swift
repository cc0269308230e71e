import NIOCore

/// Decides whether an outbound connection may go to an address (the SSRF rule). Works on binary addresses, so
/// every spelling of one address gets the same answer; an IPv4-mapped or IPv4-compatible IPv6 address is judged
/// as the IPv4 address it carries.
public struct AddressPolicy: Sendable {
    public var allowPrivateTargets: Bool
    public var allowedNetworks: [IPNetwork]

    public init(allowPrivateTargets: Bool = false, allowedNetworks: [IPNetwork] = []) {
        self.allowPrivateTargets = allowPrivateTargets
        self.allowedNetworks = allowedNetworks
    }

    public init(_ settings: EgressSettings) {
        self.init(allowPrivateTargets: settings.allowPrivateTargets, allowedNetworks: settings.allowedNetworks)
    }

    static let remedy = "set SLUICE_ALLOWED_TARGET_NETWORKS to admit it (or SLUICE_ALLOW_PRIVATE_TARGETS=true in development)"

    /// Why `address` is refused ("127.0.0.1 is loopback (127.0.0.0/8); ..."), or nil when it may be reached.
    public func refusal(for address: SocketAddress) -> String? {
        guard !allowPrivateTargets, let bytes = IPAddressBytes.bytes(of: address) else { return nil }
        let embedded = IPAddressBytes.embeddedIPv4(bytes)
        let admitted = allowedNetworks.contains { network in
            network.contains(bytes) || embedded.map { network.contains($0.address) } == true
        }
        guard !admitted else { return nil }
        let text = IPAddressBytes.format(bytes)
        let ranges = bytes.count == 4 ? SpecialRanges.ipv4 : SpecialRanges.ipv6
        if let range = ranges.first(where: { $0.network.contains(bytes) }) {
            return "\(text) is \(range.name) (\(range.network)); \(Self.remedy)"
        }
        if let embedded, let range = SpecialRanges.ipv4.first(where: { $0.network.contains(embedded.address) }) {
            let inner = IPAddressBytes.format(embedded.address)
            return "\(text) is the \(embedded.form) form of \(inner), which is \(range.name) (\(range.network)); \(Self.remedy)"
        }
        return nil
    }
}
