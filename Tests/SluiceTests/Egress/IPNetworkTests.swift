import Common
import Egress
import Testing

@Suite struct IPNetworkTests {
    @Test func parsesIPv4AndIPv6NetworksAndBareAddresses() throws {
        let v4 = try IPNetwork("10.20.0.0/16")
        #expect(v4.address == [10, 20, 0, 0] && v4.prefixLength == 16)
        #expect(v4.contains([10, 20, 255, 1]))
        #expect(!v4.contains([10, 21, 0, 1]))
        let v6 = try IPNetwork("fd00:1::/48")
        #expect(v6.prefixLength == 48 && v6.description == "fd00:1::/48")
        #expect(v6.contains([0xFD, 0, 0, 1, 0, 0] + Array(repeating: 0xAB, count: 10)))
        #expect(!v6.contains([10, 20, 0, 1]), "an IPv4 address is never inside an IPv6 network")
        #expect(try IPNetwork("192.0.2.7").prefixLength == 32)
        #expect(try IPNetwork("::1").prefixLength == 128)
        #expect(try IPNetwork("0.0.0.0/0").contains([8, 8, 8, 8]))
    }

    @Test(arguments: ["10.20.1.0/8", "10.0.0.0/33", "fd00::/129", "10.0.0.0/", "10.0.0/8", "2130706433/32", "0x7f.1/32", "example.com/24", ""])
    func rejectsMalformedNetworks(text: String) {
        #expect(throws: IPNetwork.ParseError.self) { try IPNetwork(text) }
    }

    @Test func hostBitsNameTheNetworkMeant() {
        #expect { try IPNetwork("10.20.1.0/8") } throws: { "\($0)".contains("did you mean 10.0.0.0/8?") }
    }

    @Test func settingsReadTheVariablesAndNameAMalformedOne() throws {
        let environment = Environment([
            "SLUICE_ALLOWED_TARGET_NETWORKS": "10.20.0.0/16, fd00:1::/48",
            "SLUICE_HTTP_CONNECTIONS_PER_HOST": "250",
        ])
        let settings = try EgressSettings.from(environment: environment, defaultConnectionsPerHost: 100)
        #expect(settings.allowedNetworks == [try IPNetwork("10.20.0.0/16"), try IPNetwork("fd00:1::/48")])
        #expect(settings.connectionsPerHost == 250)
        #expect(!settings.allowPrivateTargets)
        #expect(try EgressSettings.from(environment: Environment([:]), defaultConnectionsPerHost: 40).connectionsPerHost == 40)
        for (name, value) in [
            ("SLUICE_ALLOWED_TARGET_NETWORKS", "10.0.0.0/8,nope"), ("SLUICE_HTTP_CONNECTIONS_PER_HOST", "0"),
            ("SLUICE_ALLOW_PRIVATE_TARGETS", "maybe"),
        ] {
            #expect { try EgressSettings.from(environment: Environment([name: value]), defaultConnectionsPerHost: 100) } throws: {
                ($0 as? ConfigurationError)?.variable == name
            }
        }
    }
}
