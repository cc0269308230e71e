import Foundation

/// One finished attempt, to be logged with the delivery's new status.
struct AttemptRecord: Sendable {
    let deliveryID: Int64
    let endpointID: Int64
    let startedAt: Date
    let succeeded: Bool
    let statusCode: Int?
    let latency: Duration
    let error: String?
    /// JSON object text.
    let responseHeaders: String
    let responseBody: String
    /// Where the delivery stands after this attempt.
    let status: Delivery.Status
    let nextAttemptAt: Date?
}

/// What logging an attempt found out.
struct RecordedAttempt: Sendable {
    /// The attempt's number over the delivery's life (resends go on counting).
    let attempt: Int
    /// Every attempt to the endpoint has failed for longer than the disable window: it should be disabled.
    let endpointOverdue: Bool
}
