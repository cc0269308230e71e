import Hummingbird

/// Answers 405 with `Allow` (instead of the router's 404) when the path exists for other methods. Added after
/// every route, it wraps only the router's not-found responder, so matched requests never pass through it.
public struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Each route's path split into segments (`nil` for a capture) with the methods it answers.
    let routes: [(segments: [Substring?], methods: [String])]

    public init(routes: [(path: String, method: String)]) {
        var byPath: [String: [String]] = [:]
        for route in routes { byPath[route.path, default: []].append(route.method) }
        self.routes = byPath.map { path, methods in
            (path.split(separator: "/").map { $0.hasPrefix("{") || $0.hasPrefix(":") ? nil : $0 }, methods.sorted())
        }
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let segments = request.uri.path.split(separator: "/")
        let allowed = routes.filter { route in
            route.segments.count == segments.count && zip(route.segments, segments).allSatisfy { $0 == nil || $0 == $1 }
        }.flatMap(\.methods)
        guard !allowed.isEmpty, !allowed.contains(request.method.rawValue) else { return try await next(request, context) }
        let allow = Set(allowed).sorted().joined(separator: ", ")
        throw ServiceError(.methodNotAllowed, code: "method_not_allowed", message: "use \(allow)", headers: [.allow: allow])
    }
}
