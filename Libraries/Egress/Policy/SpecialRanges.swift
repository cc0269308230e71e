/// The address ranges an outbound request may not reach unless allowed: everything that is not the public
/// internet (loopback, private, link-local with the cloud metadata address, carrier NAT, reserved, multicast,
/// documentation) and the IPv6 prefixes that tunnel or translate to IPv4 behind the guard's back (6to4, NAT64).
/// The first match names the refusal, so narrower ranges come before the ranges that contain them.
enum SpecialRanges {
    static let ipv4: [(network: IPNetwork, name: String)] = [
        ("0.0.0.0/8", "'this network'"),
        ("10.0.0.0/8", "private (RFC 1918)"),
        ("100.64.0.0/10", "carrier-grade NAT"),
        ("127.0.0.0/8", "loopback"),
        ("169.254.0.0/16", "link-local (cloud metadata lives here)"),
        ("172.16.0.0/12", "private (RFC 1918)"),
        ("192.0.0.0/24", "IETF protocol assignments"),
        ("192.0.2.0/24", "documentation"),
        ("192.88.99.0/24", "6to4 relay anycast"),
        ("192.168.0.0/16", "private (RFC 1918)"),
        ("198.18.0.0/15", "benchmarking"),
        ("198.51.100.0/24", "documentation"),
        ("203.0.113.0/24", "documentation"),
        ("224.0.0.0/4", "multicast"),
        ("255.255.255.255/32", "broadcast"),
        ("240.0.0.0/4", "reserved"),
    ].map { (try! IPNetwork($0.0), $0.1) }

    static let ipv6: [(network: IPNetwork, name: String)] = [
        ("::/128", "unspecified"),
        ("::1/128", "loopback"),
        ("64:ff9b::/96", "NAT64"),
        ("64:ff9b:1::/48", "NAT64 (local use)"),
        ("2001:db8::/32", "documentation"),
        ("2002::/16", "6to4"),
        ("fc00::/7", "unique local (private)"),
        ("fe80::/10", "link-local"),
        ("fec0::/10", "site-local (deprecated, private)"),
        ("ff00::/8", "multicast"),
    ].map { (try! IPNetwork($0.0), $0.1) }
}
