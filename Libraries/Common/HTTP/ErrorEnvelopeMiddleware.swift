import Hummingbird
import Logging

/// Turns every error, from handlers or the router (unknown path, wrong method), into the shared envelope.
public struct ErrorEnvelopeMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let requestID = context.logger[metadataKey: RequestIDMiddleware<Context>.metadataKey]?.description ?? ""
            switch error {
            case let error as any EnvelopeError:
                return ErrorEnvelope(code: error.code, message: error.message, requestID: requestID)
                    .response(status: error.status, headers: error.headers)
            case let error as HTTPError:
                return ErrorEnvelope(code: Self.code(for: error.status), message: error.body ?? error.status.reasonPhrase, requestID: requestID)
                    .response(status: error.status, headers: error.headers)
            case let error as any HTTPResponseError:
                return ErrorEnvelope(code: Self.code(for: error.status), message: error.status.reasonPhrase, requestID: requestID)
                    .response(status: error.status)
            default:
                if let mapped = DatabaseErrorMapping.serviceError(for: error) {
                    context.logger.warning("database error", metadata: ["error": "\(String(reflecting: error))"])
                    return ErrorEnvelope(code: mapped.code, message: mapped.message, requestID: requestID)
                        .response(status: mapped.status, headers: mapped.headers)
                }
                context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
                return ErrorEnvelope(code: "internal_error", message: "internal error", requestID: requestID)
                    .response(status: .internalServerError)
            }
        }
    }

    /// A stable snake_case code derived from the status, for errors that carry no code of their own.
    static func code(for status: HTTPResponse.Status) -> String {
        switch status {
        case .badRequest: "bad_request"
        case .unauthorized: "unauthorized"
        case .forbidden: "forbidden"
        case .notFound: "not_found"
        case .methodNotAllowed: "method_not_allowed"
        case .contentTooLarge: "payload_too_large"
        case .tooManyRequests: "rate_limited"
        case .serviceUnavailable: "unavailable"
        default: status.code < 500 ? "client_error" : "internal_error"
        }
    }
}
