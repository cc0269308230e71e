/// A verified inbound request, ready to be stored.
public struct InboundEvent: Sendable, Equatable {
    public let sourceID: Int64
    /// The provider's event id, or `sha256:<hex of body>` for schemes without one.
    public let externalID: String
    public let eventType: String?
    /// The request headers worth keeping, as a JSON object.
    public let headersJSON: String
    public let body: [UInt8]

    public init(sourceID: Int64, externalID: String, eventType: String?, headersJSON: String, body: [UInt8]) {
        self.sourceID = sourceID
        self.externalID = externalID
        self.eventType = eventType
        self.headersJSON = headersJSON
        self.body = body
    }
}

/// What storing an event did.
public enum StoreOutcome: Sendable, Equatable {
    /// Committed now, with its processing job.
    case stored(eventID: Int64)
    /// The same source and external id were stored before: nothing new was written.
    case duplicate(eventID: Int64)

    public var isStored: Bool {
        if case .stored = self { true } else { false }
    }
}
