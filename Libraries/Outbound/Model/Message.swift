import Foundation

/// A published event, as stored: delivered to every endpoint of its application whose filter matched.
public struct Message: Sendable, Equatable {
    public let id: Int64
    public let applicationID: Int64
    public let eventType: String
    public let eventID: String?
    /// The exact JSON text that is delivered and signed.
    public let payload: String
    public let operational: Bool
    public let createdAt: Date

    /// The `webhook-id` of every attempt: stable across retries and resends, so receivers can dedupe.
    public var webhookID: String { "msg_\(id)" }
}

/// Where a message stands with one endpoint.
public struct Delivery: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        case pending, succeeded, failed
    }

    public let id: Int64
    public let messageID: Int64
    public let endpointID: Int64
    public let status: Status
    public let attempts: Int
    public let lastAttemptAt: Date?
    public let nextAttemptAt: Date?
    public let createdAt: Date
}

/// One attempt as logged: what the endpoint answered, or why there was no answer.
public struct DeliveryAttempt: Sendable, Equatable {
    public let id: Int64
    public let deliveryID: Int64
    public let attempt: Int
    public let startedAt: Date
    public let succeeded: Bool
    public let statusCode: Int?
    public let latencySeconds: Double
    public let error: String?
    /// JSON object text.
    public let responseHeaders: String
    public let responseBody: String
}

/// A message with its deliveries and their attempts.
public struct MessageDetail: Sendable {
    public let message: Message
    public let deliveries: [Delivery]
    public let attempts: [DeliveryAttempt]
}
