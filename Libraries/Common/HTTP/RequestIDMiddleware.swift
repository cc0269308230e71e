import HTTPTypes
import Hummingbird

/// Gives every request an id (the caller's `X-Request-Id` when it sends a sane one), puts it on the
/// request's logger as `request_id` and echoes it in the response.
public struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    public static var metadataKey: String { "request_id" }
    static var header: HTTPField.Name { HTTPField.Name("X-Request-Id")! }

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let incoming = request.headers[Self.header].flatMap { value in
            value.count <= 128 && value.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) } ? value : nil
        }
        let id = incoming ?? context.id
        var context = context
        context.logger[metadataKey: Self.metadataKey] = .string(id)
        var response = try await next(request, context)
        response.headers[Self.header] = id
        return response
    }
}
