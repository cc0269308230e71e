import Queue
import Worker

extension HandlerRegistry {
    /// Adds the inbound-event kinds (`webhook.process`, `webhook.deliver`).
    public mutating func registerWebhooks(queue: JobQueue, box: SecretBox, policy: TargetPolicy) {
        register(EventProcessor(queue: queue))
        register(EventDeliverer(client: queue.client, box: box, policy: policy))
    }
}
