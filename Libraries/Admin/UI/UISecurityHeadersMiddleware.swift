import HTTPTypes
import Hummingbird

/// The headers every `/ui` response carries: a strict Content-Security-Policy (scripts and styles from this
/// origin only, no inline code, no eval, never framed), `nosniff` and no referrer. A failure inside still gets them.
struct UISecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AdminContext

    static let policy = [
        "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'", "font-src 'self'",
        "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
    ].joined(separator: "; ")

    static let headers: HTTPFields = [
        HTTPField.Name("Content-Security-Policy")!: policy,
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
        HTTPField.Name("X-Frame-Options")!: "DENY",
        HTTPField.Name("Cross-Origin-Opener-Policy")!: "same-origin",
    ]

    func handle(_ request: Request, context: AdminContext, next: (Request, AdminContext) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            context.logger.error("admin UI request failed", metadata: ["error": "\(String(reflecting: error))"])
            response = Response(status: .internalServerError, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "error\n")))
        }
        for field in Self.headers { response.headers[field.name] = field.value }
        return response
    }
}
