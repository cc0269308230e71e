import Foundation

/// A request URL taken apart the way async-http-client takes it apart, checked before anything is sent: only
/// http and https (AHC's `unix` schemes would bypass the guard), a host, a port in range.
struct EgressTarget: Sendable, CustomStringConvertible {
    let scheme: String
    let host: String
    let port: Int

    init(_ text: String) throws(EgressError) {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased() else {
            throw .invalidURL("'\(text.prefix(200))' is not a URL")
        }
        guard scheme == "http" || scheme == "https" else { throw .invalidURL("the scheme must be http or https, not \(scheme)") }
        guard var host = url.host, !host.isEmpty else { throw .invalidURL("the URL has no host") }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let port = url.port ?? (scheme == "https" ? 443 : 80)
        guard (1...65535).contains(port) else { throw .invalidURL("port \(port) is not in 1...65535") }
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// The key of the pinned client and its pool, and of the permits that keep requests from queueing inside it.
    var poolKey: String { "\(scheme)://\(host):\(port)" }

    var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
