import Hummingbird

/// Counts every request by route template, method and status class, times it, and keeps the in-flight gauge
/// (`RequestMetrics`). Placed outside `ErrorEnvelopeMiddleware`, it sees the status a thrown error was answered
/// with; an error that still reaches it counts with its own status, or 500.
public struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let metrics = RequestMetrics.shared
        let start = ContinuousClock.now
        // Read before the chain runs: the router sets it before calling a matched route's middleware, while its
        // not-found responder writes "NotFound" into the same box on the way.
        let route = context.endpointPath
        metrics.inFlight.increment()
        defer { metrics.inFlight.decrement() }
        do {
            let response = try await next(request, context)
            metrics.record(route: route, method: request.method, status: response.status, duration: .now - start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            metrics.record(route: route, method: request.method, status: status, duration: .now - start)
            throw error
        }
    }
}
