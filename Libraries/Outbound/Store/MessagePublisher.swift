import Common
import ServiceLifecycle

/// Publishes messages with group commit: the publishes that arrive while a batch is being written share the next
/// transaction (`MessageStore.publish(batch:)`), instead of a transaction, a commit and seven round trips each. A
/// caller returns once its message is committed. One batch is written at a time: with two in flight each was half
/// as large, and cost PostgreSQL a transaction of its own. Publishes with an `Idempotency-Key` take
/// `MessageStore.publish`.
public final class MessagePublisher: Service {
    private let committer: GroupCommitter<PublishRequest, Result<PublishResult, any Error>>

    public init(messages: MessageStore, timeout: Duration = .seconds(30)) {
        committer = GroupCommitter(flushers: 1, maxBatch: 100) { requests in
            try await withDeadline(timeout) { try await messages.publish(batch: requests) }
        }
    }

    public func publish(_ request: PublishRequest) async throws -> PublishResult {
        try await committer.submit(request).get()
    }

    public func run() async throws {
        try await committer.run()
    }
}
