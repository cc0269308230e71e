import Common

/// One message for `MessagePublisher` (a publish without an `Idempotency-Key`), checked when it is made.
public struct PublishRequest: Sendable {
    public let application: String
    public let eventType: String
    public let payload: String
    public let eventID: String?
    /// The audit row of the published message, written in the same transaction.
    public let audit: @Sendable (PublishResult) throws -> AuditTrail.Entry

    /// `application` is the application's `uid`; `payload` the exact JSON text to deliver.
    public init(
        application: String, eventType: String, payload: String, eventID: String?,
        audit: @escaping @Sendable (PublishResult) throws -> AuditTrail.Entry
    ) throws {
        try MessageStore.check(eventType: eventType, eventID: eventID, operational: false)
        self.application = application
        self.eventType = eventType
        self.payload = payload
        self.eventID = eventID
        self.audit = audit
    }
}
