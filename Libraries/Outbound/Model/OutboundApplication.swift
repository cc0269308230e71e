import Foundation

/// One of the team's partners or customers (Svix's model): it has endpoints, and messages are published to it.
public struct OutboundApplication: Sendable, Equatable {
    public let id: Int64
    /// Chosen by the team; the application's name in every URL.
    public let uid: String
    public let name: String
    /// JSON text.
    public let metadata: String
    /// Deliveries per second to each of its endpoints that sets no limit of its own.
    public let rateLimit: Int?
    public let retrySchedule: RetrySchedule
    public let createdAt: Date
    public let updatedAt: Date
}

/// The settings of an application to create or change; `nil` leaves a setting as it is (on change).
public struct ApplicationChange: Sendable {
    public var name: String?
    public var metadata: String?
    /// `.some(nil)` removes the limit.
    public var rateLimit: Int??
    /// `.some(nil)` restores the default schedule.
    public var retrySchedule: RetrySchedule??

    public init(name: String? = nil, metadata: String? = nil, rateLimit: Int?? = nil, retrySchedule: RetrySchedule?? = nil) {
        self.name = name
        self.metadata = metadata
        self.rateLimit = rateLimit
        self.retrySchedule = retrySchedule
    }

    static func validate(uid: String) throws(OutboundError) {
        guard uid.range(of: "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\\z", options: .regularExpression) != nil else {
            throw .invalid(field: "uid", reason: "must be 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit")
        }
    }
}
