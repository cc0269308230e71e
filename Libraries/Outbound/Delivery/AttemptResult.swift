import Egress
import Foundation
import Webhooks

/// How one attempt ended, as the deliverer acts on it and the log keeps it.
struct AttemptResult: Sendable {
    let succeeded: Bool
    let statusCode: Int?
    let latency: Duration
    let error: String?
    let responseHeaders: String
    let responseBody: String
    /// The endpoint's `Retry-After`, when it gave one.
    let retryAfter: Duration?
    /// A 429 or a timeout: the next attempt waits at least a minute.
    let overloaded: Bool
    /// 410 Gone: the endpoint is disabled at once.
    let gone: Bool
    /// No retry can mend it (a refused target, an invalid URL): given up now.
    let permanent: Bool
    /// Says the endpoint is down or overloaded (transport error, timeout, 5xx, 429): counts against its circuit.
    let endpointTrouble: Bool
    /// For the metrics: `2xx`...`5xx`, or `error` without an answer.
    let statusClass: String

    /// Only 2xx is success; a 3xx is a failure (redirects are not followed).
    init(response: EgressResponse) {
        let status = response.status
        succeeded = (200..<300).contains(status)
        statusCode = status
        latency = response.latency
        let body = String(decoding: response.bodyExcerpt, as: UTF8.self)
        error = succeeded ? nil : "HTTP \(status)" + (body.isEmpty ? "" : ": " + String(body.prefix(200)))
        responseHeaders = StoredHeaders.json(response.headers)
        responseBody = body.replacingOccurrences(of: "\u{0}", with: "")
        retryAfter = RetrySchedule.parseRetryAfter(response.headers.first { $0.0.lowercased() == "retry-after" }?.1)
        overloaded = status == 429
        gone = status == 410
        permanent = false
        endpointTrouble = status == 429 || status >= 500
        statusClass = "\(min(max(status / 100, 1), 5))xx"
    }

    init(error: EgressError, latency: Duration) {
        succeeded = false
        statusCode = nil
        self.latency = latency
        self.error = error.description
        responseHeaders = "{}"
        responseBody = ""
        retryAfter = nil
        if case .timedOut = error { overloaded = true } else { overloaded = false }
        gone = false
        permanent = error.isPermanent
        endpointTrouble = !error.isPermanent
        statusClass = "error"
    }
}
