import Common
import Hummingbird

/// Authenticates every `/v1` request with `Authorization: Bearer` (an API key or the legacy token) or, without
/// that header, the UI's session cookie, whose unsafe requests must pass `CSRFCheck`. Both give a `Principal`
/// with the user's role, so routes check permissions one way. Errors become 401 (who are you?) or 403 (not
/// allowed) in the envelope.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AdminContext
    let authenticator: Authenticator
    let sessions: SessionStore

    func handle(_ request: Request, context: AdminContext, next: (Request, AdminContext) async throws -> Response) async throws -> Response {
        var context = context
        if let authorization = request.headers[.authorization] {
            context.principal = try await authenticator.authenticate(authorization: authorization)
        } else if let token = SessionCookie.token(in: request) {
            context.principal = try await sessions.principal(token: token)
            context.csrfToken = SessionStore.csrfToken(for: token)
            if CSRFCheck.isUnsafe(request.method) { try CSRFCheck.verify(request, sessionToken: token) }
        } else {
            throw AuthError.missingCredentials
        }
        context.logger[metadataKey: "actor"] = .string(context.principal!.label)
        return try await next(request, context)
    }
}

extension AuthError: EnvelopeError {
    public var status: HTTPResponse.Status {
        switch self {
        case .forbidden, .crossSiteRequest: .forbidden
        default: .unauthorized
        }
    }

    public var code: String {
        switch self {
        case .forbidden: "forbidden"
        case .crossSiteRequest: "csrf_refused"
        default: "unauthorized"
        }
    }

    public var message: String { description }

    public var headers: HTTPFields {
        status == .unauthorized ? [.wwwAuthenticate: #"Bearer realm="sluice""#] : [:]
    }
}
