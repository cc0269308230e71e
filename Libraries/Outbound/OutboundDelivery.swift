import Common
import Egress
import Logging
import Queue
import ServiceLifecycle
import Webhooks
import Worker

/// What a worker needs to deliver outbound messages: the `message.deliver` handler and the services it relies on
/// (the batched reads of delivery targets and the attempt log's group commit), which run in the worker's
/// `ServiceGroup` before the worker itself.
public struct OutboundDelivery: Sendable {
    public let deliverer: MessageDeliverer
    public let services: [any Service]

    public init(queue: JobQueue, box: SecretBox, egress: EgressClient, settings: DeliverySettings, logger: Logger) {
        let recorder = AttemptRecorder(client: queue.client, poolMode: queue.poolMode, disableAfter: settings.disableAfter, logger: logger)
        let applications = ApplicationStore(client: queue.client, logger: logger)
        let health = EndpointHealth(client: queue.client, applications: applications, messages: MessageStore(queue: queue, logger: logger), logger: logger)
        let targets = TargetLoader(client: queue.client, poolMode: queue.poolMode, box: box, logger: logger)
        deliverer = MessageDeliverer(
            client: queue.client, targets: targets, egress: egress, settings: settings, gate: EndpointGate(), recorder: recorder, health: health,
            metrics: DeliveryMetrics(), logger: logger
        )
        services = [recorder, targets]
    }
}

extension HandlerRegistry {
    /// Adds the outbound kind (`message.deliver`).
    public mutating func registerOutbound(_ delivery: OutboundDelivery) {
        register(delivery.deliverer)
    }
}
