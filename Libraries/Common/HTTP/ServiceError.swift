import Hummingbird

/// An error a handler throws to answer with a given status and a stable machine-readable code.
public struct ServiceError: EnvelopeError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    /// The database could not take the request; clients should retry.
    public static func databaseUnavailable(retryAfter seconds: Int = 1) -> ServiceError {
        ServiceError(
            .serviceUnavailable,
            code: "database_unavailable",
            message: "the database is unreachable; retry later",
            headers: [.retryAfter: String(seconds)]
        )
    }
}
