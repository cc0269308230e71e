import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization

/// A partner's webhook receiver on a free loopback port: keeps every request (path, headers, body, arrival) and
/// answers each path as the test scripted it (status, headers, delay), 200 by default.
final class PartnerServer: Sendable {
    struct Reply: Sendable {
        var status: HTTPResponse.Status = .ok
        var headers: HTTPFields = [:]
        var delay: Duration = .zero
        var body = ""
    }

    struct Received: Sendable {
        let path: String
        let headers: HTTPFields
        let body: [UInt8]
        let at: Date
    }

    let replies = Mutex<[String: Reply]>([:])
    let received = Mutex<[Received]>([])

    func reply(_ path: String, _ reply: Reply) {
        replies.withLock { $0[path] = reply }
    }

    func requests(_ path: String) -> [Received] {
        received.withLock { $0.filter { $0.path == path } }
    }

    /// Runs the server for the duration of `body`, which gets the base URL.
    func run(_ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.post("/**") { request, _ -> Response in
            var request = request
            let path = request.uri.path
            let bytes = Array(buffer: try await request.collectBody(upTo: 1 << 20))
            self.received.withLock { $0.append(Received(path: path, headers: request.headers, body: bytes, at: .now)) }
            let reply = self.replies.withLock { $0[path] } ?? Reply()
            if reply.delay > .zero { try await Task.sleep(for: reply.delay) }  // the scripted answer time of a slow partner
            return Response(status: reply.status, headers: reply.headers, body: .init(byteBuffer: ByteBuffer(string: reply.body)))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body("http://127.0.0.1:\(client.port!)")
        }
    }
}
