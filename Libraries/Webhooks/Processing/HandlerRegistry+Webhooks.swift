import Egress
import Queue
import Worker

extension HandlerRegistry {
    /// Adds the inbound-event kinds (`webhook.process`, `webhook.deliver`).
    public mutating func registerWebhooks(queue: JobQueue, box: SecretBox, egress: EgressClient) {
        register(EventProcessor(queue: queue))
        register(EventDeliverer(client: queue.client, box: box, egress: egress))
    }
}
