import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Kind `http`: POSTs `body` to `url` and succeeds on a 2xx answer. Payload:
/// `{"url": "https://...", "body": <any JSON>, "headers": {"name": "value"}, "timeout_seconds": 10}`.
/// Any other status fails the attempt with the status and the first 200 bytes of the answer.
public struct HTTPJobHandler: JobHandler {
    public let kind = "http"
    let policy: TargetPolicy
    let client: HTTPClient

    static let defaultTimeout: Int64 = 10
    static let excerptLength = 200

    public init(policy: TargetPolicy, client: HTTPClient = .shared) {
        self.policy = policy
        self.client = client
    }

    public func run(_ job: JobContext) async throws {
        let target = try HTTPTarget(payload: job.job.payload)
        try policy.check(target.url)
        var request = HTTPClientRequest(url: target.url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "sluice-worker")
        request.headers.add(name: "Idempotency-Key", value: "sluice-job-\(job.job.id)")
        for (name, value) in target.headers { request.headers.replaceOrAdd(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: target.body))
        let response = try await client.execute(request, timeout: .seconds(target.timeoutSeconds))
        guard (200..<300).contains(response.status.code) else {
            var excerpt = try await response.body.collect(upTo: Self.excerptLength * 4)
            let text = excerpt.readString(length: min(excerpt.readableBytes, Self.excerptLength)) ?? ""
            throw JobFailed("HTTP \(response.status.code): \(text)")
        }
    }
}

/// The decoded payload of an `http` job.
struct HTTPTarget {
    let url: URL
    let body: Data
    let headers: [(String, String)]
    let timeoutSeconds: Int64

    init(payload: String) throws {
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload.utf8), options: [.fragmentsAllowed]) as? [String: Any] else {
            throw JobFailed("payload must be a JSON object with a url")
        }
        guard let urlString = object["url"] as? String, let url = URL(string: urlString) else {
            throw JobFailed("payload.url is missing or not a URL")
        }
        self.url = url
        let body = object["body"] ?? [String: Any]()
        self.body = try JSONSerialization.data(withJSONObject: body, options: [.fragmentsAllowed])
        self.headers = ((object["headers"] as? [String: Any]) ?? [:]).compactMap { name, value in (value as? String).map { (name, $0) } }
        let timeout = (object["timeout_seconds"] as? NSNumber)?.int64Value ?? HTTPJobHandler.defaultTimeout
        guard (1...300).contains(timeout) else { throw JobFailed("payload.timeout_seconds must be in 1...300") }
        self.timeoutSeconds = timeout
    }
}
