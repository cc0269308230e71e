import Foundation
import Hummingbird

/// The one error shape of every non-2xx answer: `{"error": {"code", "message", "request_id"}}`.
public struct ErrorEnvelope: Codable, Sendable, Equatable {
    public struct Body: Codable, Sendable, Equatable {
        public var code: String
        public var message: String
        public var requestID: String

        enum CodingKeys: String, CodingKey {
            case code, message
            case requestID = "request_id"
        }
    }

    public var error: Body

    public init(code: String, message: String, requestID: String) {
        self.error = Body(code: code, message: message, requestID: requestID)
    }

    /// A JSON response carrying this envelope.
    public func response(status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        let data = (try? JSONEncoder().encode(self)) ?? Data()
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
