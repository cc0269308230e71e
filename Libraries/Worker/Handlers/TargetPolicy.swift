import Foundation

/// Which URLs HTTP jobs may call. Loopback, private, link-local and metadata addresses are refused unless
/// allowed (`SLUICE_ALLOW_PRIVATE_TARGETS`), so a job cannot be used to reach inside the network (SSRF).
/// Hosts given by name are checked by name only (`localhost`); resolving names before the call is not done yet.
public struct TargetPolicy: Sendable {
    public var allowPrivateTargets: Bool

    public init(allowPrivateTargets: Bool) {
        self.allowPrivateTargets = allowPrivateTargets
    }

    /// Throws `JobFailed` naming why `url` may not be called.
    public func check(_ url: URL) throws {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw JobFailed("url must be http or https")
        }
        guard let host = url.host?.lowercased(), !host.isEmpty else { throw JobFailed("url has no host") }
        guard !allowPrivateTargets else { return }
        if host == "localhost" || host.hasSuffix(".localhost") || Self.isPrivate(host) {
            throw JobFailed("url host \(host) is a loopback, private or link-local address (set SLUICE_ALLOW_PRIVATE_TARGETS=true to allow)")
        }
    }

    static func isPrivate(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false).compactMap { UInt8($0) }
        if octets.count == 4 {
            switch (octets[0], octets[1]) {
            case (0, _), (10, _), (127, _), (169, 254), (192, 168): return true
            case (172, 16...31), (100, 64...127): return true
            default: return false
            }
        }
        guard bare.contains(":") else { return false }
        return bare == "::1" || bare == "::" || bare.hasPrefix("fc") || bare.hasPrefix("fd") || bare.hasPrefix("fe80")
            || bare.hasPrefix("::ffff:")
    }
}
