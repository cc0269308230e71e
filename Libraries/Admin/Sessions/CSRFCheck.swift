import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// Unsafe requests carrying the session cookie must come from the UI's own pages: the browser's `Sec-Fetch-Site`
/// and `Origin` must say same-origin when sent, and `X-CSRF-Token` must hold the session's CSRF token (compared in
/// constant time). Requests with `Authorization: Bearer` are not checked: no browser adds that header on its own.
enum CSRFCheck {
    static func isUnsafe(_ method: HTTPRequest.Method) -> Bool {
        ![.get, .head, .options].contains(method)
    }

    /// Refuses a request that says it is cross-site, whatever it is authenticated with (sign-in included).
    static func requireSameOrigin(_ request: Request) throws {
        if let site = request.headers[.secFetchSite], site != "same-origin", site != "none" {
            throw AuthError.crossSiteRequest("Sec-Fetch-Site is \(site)")
        }
        if let origin = request.headers[.origin] {
            let host = request.head.authority ?? ""
            guard let url = URL(string: origin), let originHost = url.host, "\(originHost)\(url.port.map { ":\($0)" } ?? "")" == host else {
                throw AuthError.crossSiteRequest("Origin \(origin) is not this server")
            }
        }
    }

    static func verify(_ request: Request, sessionToken: String) throws {
        try requireSameOrigin(request)
        guard let sent = request.headers[.xCSRFToken] else { throw AuthError.crossSiteRequest("X-CSRF-Token is missing") }
        let expected = SessionStore.csrfToken(for: sessionToken)
        let sentDigest = SHA256.hash(data: Data(sent.utf8))
        let expectedDigest = SHA256.hash(data: Data(expected.utf8))
        // Digests of equal length, compared by swift-crypto's constant-time equality.
        guard sentDigest == expectedDigest else { throw AuthError.crossSiteRequest("X-CSRF-Token does not match the session") }
    }
}
