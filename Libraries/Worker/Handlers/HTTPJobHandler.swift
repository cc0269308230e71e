import Egress
import Foundation

/// Kind `http`: POSTs `body` to `url` through the shared `EgressClient` and succeeds on a 2xx answer. Payload:
/// `{"url": "https://...", "body": <any JSON>, "headers": {"name": "value"}, "timeout_seconds": 10}`; without
/// `timeout_seconds` the job's own `timeout_seconds` is the request's timeout, else 10 s. The job's result is
/// `{"status": 200, "body": "<the first 1 KiB of the answer>"}`. Any other status fails the attempt with the status
/// and the first 200 bytes of the answer; a target the SSRF guard refuses, an invalid URL or a malformed payload
/// discards the job at once.
public struct HTTPJobHandler: JobHandler {
    public let kind = "http"
    let egress: EgressClient

    static let defaultTimeout: Int64 = 10
    static let resultBodyBytes = 1024

    public init(egress: EgressClient) {
        self.egress = egress
    }

    public func run(_ job: JobContext) async throws {
        let target = try HTTPTarget(payload: job.job.payload)
        let defaults = [("Content-Type", "application/json"), ("Idempotency-Key", "sluice-job-\(job.job.id)")]
        let overridden = Set(target.headers.map { $0.0.lowercased() })
        let headers = defaults.filter { !overridden.contains($0.0.lowercased()) } + target.headers
        let timeout = target.timeoutSeconds ?? job.job.timeoutSeconds.map { min(Int64($0), HTTPTarget.maxTimeout) } ?? Self.defaultTimeout
        let request = EgressRequest(url: target.url, headers: headers, body: target.body, timeout: .seconds(timeout))
        let response = try await egress.post(forJob: request, keep: Self.resultBodyBytes)
        try job.setResult(HTTPJobResult(status: response.status, body: response.excerptText(limit: Self.resultBodyBytes)))
    }
}

/// What an `http` job keeps as its result: the answer's status and the start of its body.
struct HTTPJobResult: Encodable {
    let status: Int
    let body: String
}

/// The decoded payload of an `http` job; a payload that cannot work fails permanently.
struct HTTPTarget {
    let url: String
    let body: [UInt8]
    let headers: [(String, String)]
    let timeoutSeconds: Int64?

    static let maxTimeout: Int64 = 300

    init(payload: String) throws(JobFailed) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload.utf8), options: [.fragmentsAllowed]) as? [String: Any] else {
            throw JobFailed("payload must be a JSON object with a url", permanent: true)
        }
        guard let url = object["url"] as? String, !url.isEmpty else { throw JobFailed("payload.url is missing or not a string", permanent: true) }
        self.url = url
        let body = object["body"] ?? [String: Any]()
        guard let encoded = try? JSONSerialization.data(withJSONObject: body, options: [.fragmentsAllowed]) else {
            throw JobFailed("payload.body cannot be encoded as JSON", permanent: true)
        }
        self.body = Array(encoded)
        self.headers = ((object["headers"] as? [String: Any]) ?? [:]).compactMap { name, value in (value as? String).map { (name, $0) } }
        let timeout = (object["timeout_seconds"] as? NSNumber)?.int64Value
        if let timeout, !(1...Self.maxTimeout).contains(timeout) {
            throw JobFailed("payload.timeout_seconds must be in 1...\(Self.maxTimeout)", permanent: true)
        }
        self.timeoutSeconds = timeout
    }
}
