/// A doorbell: many ringers, one waiter; rings while nobody waits collapse into one.
public final class WakeSignal: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    public init() {
        (stream, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    public func ring() {
        continuation.yield()
    }

    /// Ends the waiter's iteration once a pending ring, if any, has been taken.
    public func close() {
        continuation.finish()
    }

    /// The waiter's side; take it once.
    public func makeIterator() -> AsyncStream<Void>.AsyncIterator {
        stream.makeAsyncIterator()
    }
}
