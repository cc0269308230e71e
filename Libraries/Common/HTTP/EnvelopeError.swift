import HTTPTypes

/// An error that knows its answer: status, stable code, message and extra headers, rendered in the shared
/// envelope by `ErrorEnvelopeMiddleware`. Domain errors conform in the library that maps them to HTTP.
public protocol EnvelopeError: Error {
    var status: HTTPResponse.Status { get }
    var code: String { get }
    var message: String { get }
    var headers: HTTPFields { get }
}

extension EnvelopeError {
    public var headers: HTTPFields { [:] }
}
