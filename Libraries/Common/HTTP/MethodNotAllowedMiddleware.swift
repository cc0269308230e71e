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
        guard let allowed = methods(for: request.uri.path), !allowed.contains(request.method.rawValue) else { return try await next(request, context) }
        let allow = allowed.joined(separator: ", ")
        throw ServiceError(.methodNotAllowed, code: "method_not_allowed", message: "use \(allow)", headers: [.allow: allow])
    }

    /// The methods of the route the router resolves `path` to, or nil when no route matches it. Like the
    /// router, a constant segment wins over a capture (`/jobs/batch` over `/jobs/{id}`), so only that route's
    /// methods are allowed, not those of every pattern the path would fit.
    func methods(for path: String) -> [String]? {
        let segments = path.split(separator: "/")
        let matching = routes.filter { route in
            route.segments.count == segments.count && zip(route.segments, segments).allSatisfy { $0 == nil || $0 == $1 }
        }
        let shapes = matching.map { $0.segments.map { $0 != nil } }
        guard let resolved = shapes.max(by: { $0.lexicographicallyPrecedes($1, by: { !$0 && $1 }) }) else { return nil }
        return Set(zip(matching, shapes).filter { $0.1 == resolved }.flatMap(\.0.methods)).sorted()
    }
}
