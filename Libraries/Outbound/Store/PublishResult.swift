/// What a publish created, or, for a repeated `Idempotency-Key`, what the first publish with it created.
public struct PublishResult: Sendable {
    public let message: Message
    /// Deliveries created (for a replay: the first publish's deliveries).
    public let deliveries: Int
    /// True when an earlier publish with the same key answered, and nothing new was created.
    public let replayed: Bool
}
