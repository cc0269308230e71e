import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization

/// A local HTTP target for `http` jobs: `/ok` answers 204, `/fail` 500 with a body, `/hold` waits for `gate`,
/// `/slow` answers 204 after one second, `/brief` 200 after 20 ms (counting the most requests in flight at once in
/// `peakInFlight`), `/redirect` 302 to `/ok`, `/signed` keeps each request's headers and body in `deliveries`.
final class TargetServer: Sendable {
    let gate = Gate()
    let received = Mutex<[String: Int]>([:])
    let deliveries = Mutex<[(headers: HTTPFields, body: [UInt8])]>([])
    let inFlight = Mutex((now: 0, peak: 0))

    var peakInFlight: Int { inFlight.withLock { $0.peak } }

    func count(_ path: String) -> Int { received.withLock { $0[path, default: 0] } }

    /// Runs the server on a free loopback port for the duration of `body`, which gets the base URL.
    func run(_ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.post("/ok") { _, _ in
            self.received.withLock { $0["/ok", default: 0] += 1 }
            return HTTPResponse.Status.noContent
        }
        router.post("/fail") { _, _ -> Response in
            self.received.withLock { $0["/fail", default: 0] += 1 }
            return Response(status: .internalServerError, body: .init(byteBuffer: ByteBuffer(string: "target exploded")))
        }
        router.post("/hold") { _, _ -> HTTPResponse.Status in
            self.received.withLock { $0["/hold", default: 0] += 1 }
            await self.gate.wait()
            return .ok
        }
        router.post("/slow") { _, _ -> HTTPResponse.Status in
            self.received.withLock { $0["/slow", default: 0] += 1 }
            try await Task.sleep(for: .seconds(1))  // the slow target itself, not a wait in a test
            return .noContent
        }
        router.post("/brief") { _, _ -> HTTPResponse.Status in
            self.received.withLock { $0["/brief", default: 0] += 1 }
            self.inFlight.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now) }
            defer { self.inFlight.withLock { $0.now -= 1 } }
            try await Task.sleep(for: .milliseconds(20))  // the target's own work, not a wait in a test
            return .ok
        }
        router.post("/redirect") { _, _ -> Response in
            self.received.withLock { $0["/redirect", default: 0] += 1 }
            return Response(status: .found, headers: [.location: "/ok"])
        }
        router.post("/signed") { request, _ -> HTTPResponse.Status in
            var request = request
            let body = Array(buffer: try await request.collectBody(upTo: 1 << 20))
            self.deliveries.withLock { $0.append((request.headers, body)) }
            return .ok
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body("http://127.0.0.1:\(client.port!)")
        }
    }
}
