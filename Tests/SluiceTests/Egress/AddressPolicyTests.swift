import NIOCore
import Testing

@testable import Egress

/// The SSRF rule on its own, without connecting anywhere: every refused range (its first, last and one inner
/// address, and for IPv4 its mapped and compatible IPv6 forms), public addresses, allow-listed networks.
@Suite struct AddressPolicyTests {
    static let refusedIPv4 = [
        "0.0.0.0", "0.255.255.255", "10.0.0.0", "10.1.2.3", "10.255.255.255", "100.64.0.0", "100.100.1.1", "100.127.255.255",
        "127.0.0.1", "127.255.255.254", "169.254.0.1", "169.254.169.254", "169.254.255.255", "172.16.0.0", "172.20.1.1",
        "172.31.255.255", "192.0.0.0", "192.0.0.170", "192.0.0.255", "192.0.2.0", "192.0.2.255", "192.88.99.1", "192.168.0.1",
        "192.168.255.255", "198.18.0.0", "198.19.255.255", "198.51.100.7", "203.0.113.9", "224.0.0.1", "239.255.255.255",
        "240.0.0.1", "254.1.1.1", "255.255.255.255",
    ]
    static let refusedIPv6 = [
        "::", "::1", "fc00::", "fd12:3456::1", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "fe80::1", "febf::ffff", "ff02::1",
        "ff0e::1", "2001:db8::1", "2001:db8:ffff::1", "2002::1", "2002:7f00:1::1", "64:ff9b::7f00:1", "64:ff9b::808:808",
        "64:ff9b:1::1", "fec0::1",
    ]
    static let publicAddresses = [
        "8.8.8.8", "1.1.1.1", "93.184.216.34", "100.63.255.255", "100.128.0.0", "172.15.255.255",
        "172.32.0.0", "169.253.255.255", "198.17.255.255", "198.20.0.0", "223.255.255.255", "2606:4700:4700::1111",
        "2001:4860:4860::8888", "::ffff:8.8.8.8", "2001:db9::1",
    ]

    static func address(_ text: String) throws -> SocketAddress { try SocketAddress(ipAddress: text, port: 443) }

    @Test(arguments: refusedIPv4)
    func refusesEveryIPv4RangeAndItsIPv6Forms(text: String) throws {
        let policy = AddressPolicy()
        for spelling in [text, "::ffff:\(text)", "0:0:0:0:0:ffff:\(text)"] {
            let reason = try #require(policy.refusal(for: try Self.address(spelling)), "\(spelling) was allowed")
            #expect(reason.contains(text), "the reason names the IPv4 address: \(reason)")
        }
        #expect(policy.refusal(for: try Self.address("::\(text)")) != nil, "the IPv4-compatible form ::\(text) was allowed")
    }

    @Test(arguments: refusedIPv6)
    func refusesEveryIPv6Range(text: String) throws {
        #expect(AddressPolicy().refusal(for: try Self.address(text)) != nil, "\(text) was allowed")
    }

    @Test(arguments: publicAddresses)
    func allowsPublicAddresses(text: String) throws {
        #expect(AddressPolicy().refusal(for: try Self.address(text)) == nil)
    }

    @Test func reasonNamesTheAddressTheRangeAndTheRemedy() throws {
        let reason = try #require(AddressPolicy().refusal(for: try Self.address("169.254.169.254")))
        #expect(reason.hasPrefix("169.254.169.254 is link-local"))
        #expect(reason.contains("169.254.0.0/16") && reason.contains("SLUICE_ALLOWED_TARGET_NETWORKS"))
        let mapped = try #require(AddressPolicy().refusal(for: try Self.address("::ffff:7f00:1")))
        #expect(mapped.hasPrefix("::ffff:127.0.0.1 is the IPv4-mapped form of 127.0.0.1, which is loopback (127.0.0.0/8)"))
    }

    @Test func allowListedNetworksAreAdmittedAndNothingElse() throws {
        let policy = AddressPolicy(allowedNetworks: [try IPNetwork("10.20.0.0/16"), try IPNetwork("fd00:1::/48")])
        #expect(policy.refusal(for: try Self.address("10.20.3.4")) == nil)
        #expect(policy.refusal(for: try Self.address("::ffff:10.20.3.4")) == nil, "the mapped form of an admitted address")
        #expect(policy.refusal(for: try Self.address("fd00:1::9")) == nil)
        #expect(policy.refusal(for: try Self.address("10.21.0.1")) != nil)
        #expect(policy.refusal(for: try Self.address("fd00:2::9")) != nil)
        #expect(policy.refusal(for: try Self.address("127.0.0.1")) != nil)
    }

    @Test func allowPrivateTargetsLiftsTheRule() throws {
        let policy = AddressPolicy(allowPrivateTargets: true)
        for text in ["127.0.0.1", "169.254.169.254", "::1", "fd00::1"] {
            #expect(policy.refusal(for: try Self.address(text)) == nil)
        }
    }

    /// The guard's own path from a requested name to checked addresses, for numeric spellings the system resolver
    /// reads without a query (inet_aton forms): the address they mean is what gets checked.
    @Test(arguments: [
        ("167772161", "10.0.0.1"), ("0xa000001", "10.0.0.1"), ("012.0.0.1", "10.0.0.1"), ("10.1", "10.0.0.1"),
        ("0xa9.0xfe.0xa9.0xfe", "169.254.169.254"), ("2852039166", "169.254.169.254"), ("0251.0376.0251.0376", "169.254.169.254"),
        ("192.168.1", "192.168.0.1"), ("0xc0a80001", "192.168.0.1"), ("0", "0.0.0.0"), ("0x7f.1", "127.0.0.1"),
    ])
    func vetterRefusesNumericSpellingsOfRefusedAddresses(spelling: String, meant: String) async throws {
        let vetter = TargetVetter(policy: AddressPolicy())
        await #expect { try await vetter.vet(host: spelling, port: 80) } throws: { error in
            guard case .refusedTarget(let reason) = error as? EgressError else { return false }
            return reason.contains("\(meant) is")
        }
    }
}
