import Foundation
import HTTPTypes
import Hummingbird

/// The session cookie: `HttpOnly` (no script reads it), `SameSite=Strict` (no other site's page sends it),
/// `Path=/`, and `Secure` when the request came over HTTPS, as a TLS-terminating proxy says with
/// `X-Forwarded-Proto: https` or `Forwarded: proto=https`.
enum SessionCookie {
    static let name = "sluice_session"

    static func set(_ token: String, maxAge: Duration, request: Request) -> Cookie {
        Cookie(name: name, value: token, maxAge: Int(maxAge.seconds), path: "/", secure: isHTTPS(request), httpOnly: true, sameSite: .strict)
    }

    static func clear(request: Request) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: "/", secure: isHTTPS(request), httpOnly: true, sameSite: .strict)
    }

    static func token(in request: Request) -> String? {
        guard let value = request.cookies[name]?.value, !value.isEmpty else { return nil }
        return value
    }

    static func isHTTPS(_ request: Request) -> Bool {
        if request.head.scheme == "https" { return true }
        if request.headers[.xForwardedProto]?.lowercased() == "https" { return true }
        return request.headers[.forwarded]?.lowercased().contains("proto=https") == true
    }
}

extension HTTPField.Name {
    static let xForwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    static let forwarded = HTTPField.Name("Forwarded")!
    static let xCSRFToken = HTTPField.Name("X-CSRF-Token")!
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
    static let origin = HTTPField.Name("Origin")!
}
