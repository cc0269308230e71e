import Common
import Logging
import PostgresNIO
import ServiceLifecycle
import Webhooks

/// Reads delivery targets in batches: the deliveries that start while a read is in flight (a claim starts up to
/// a batch of them at once) share the next query, instead of one round trip and one pooled connection each.
final class TargetLoader: Service {
    private let batcher: GroupCommitter<Int64, Result<DeliveryTarget?, any Error>>

    init(client: PostgresClient, poolMode: PoolMode, box: SecretBox, logger: Logger, timeout: Duration = .seconds(30)) {
        let secrets = OpenedSecrets(box: box)
        batcher = GroupCommitter(flushers: 2, maxBatch: 500) { ids in
            try await withDeadline(timeout) {
                try await DeliveryTarget.load(ids, client: client, poolMode: poolMode, secrets: secrets, logger: logger)
            }
        }
    }

    /// The delivery's target, or nil when the delivery no longer exists.
    func load(_ deliveryID: Int64) async throws -> DeliveryTarget? {
        try await batcher.submit(deliveryID).get()
    }

    func run() async throws {
        try await batcher.run()
    }
}
