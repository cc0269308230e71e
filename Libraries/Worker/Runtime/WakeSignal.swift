/// A doorbell: many ringers, one waiter; rings while nobody waits collapse into one.
final class WakeSignal: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    func ring() {
        continuation.yield()
    }

    /// The waiter's side; take it once.
    func makeIterator() -> AsyncStream<Void>.AsyncIterator {
        stream.makeAsyncIterator()
    }
}
