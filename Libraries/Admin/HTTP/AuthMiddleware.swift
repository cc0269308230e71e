import Common
import Hummingbird

/// Authenticates every `/v1` request; errors become 401 (who are you?) or 403 (not allowed) in the envelope.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AdminContext
    let authenticator: Authenticator

    func handle(_ request: Request, context: AdminContext, next: (Request, AdminContext) async throws -> Response) async throws -> Response {
        var context = context
        context.principal = try await authenticator.authenticate(authorization: request.headers[.authorization])
        context.logger[metadataKey: "actor"] = .string(context.principal!.label)
        return try await next(request, context)
    }
}

extension AuthError: EnvelopeError {
    public var status: HTTPResponse.Status {
        if case .forbidden = self { return .forbidden }
        return .unauthorized
    }

    public var code: String {
        if case .forbidden = self { return "forbidden" }
        return "unauthorized"
    }

    public var message: String { description }

    public var headers: HTTPFields {
        if case .forbidden = self { return [:] }
        return [.wwwAuthenticate: #"Bearer realm="sluice""#]
    }
}
