import Hummingbird

/// Refuses (400) requests whose path or query carries a NUL character: PostgreSQL text cannot hold one, and a
/// lookup with it would otherwise fail as a server error.
public struct NULGuardMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let target = request.uri.description.lowercased()
        if target.contains("%00") || target.contains("\u{0}") {
            throw ServiceError(.badRequest, code: "invalid_request", message: "the path or query contains a NUL character")
        }
        return try await next(request, context)
    }
}
