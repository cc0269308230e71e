import Common
import Hummingbird
import Logging
import PostgresNIO
import Queue

/// Builds `sluice-webhooks`: the health routes plus `POST /hooks/{source}`, with the group-commit writer, the
/// workers' wake-up notifier and the source cache's change listener running beside the server.
public func buildWebhooksApplication(settings: ServiceSettings, box: SecretBox, client: PostgresClient, logger: Logger) -> some ApplicationProtocol {
    let queue = JobQueue(client: client, settings: settings, logger: logger)
    let cache = SourceCache(
        store: SourceStore(client: client, schema: settings.database.schema, box: box, logger: logger), notifications: queue.notifications, logger: logger)
    let notifier = DueNotifier(queue: queue, queueName: EventJobs.queue)
    let writer = EventWriter(queue: queue, notifier: notifier, logger: logger)
    return buildServiceApplication(name: "sluice-webhooks", settings: settings, client: client, logger: logger, services: [notifier, writer, cache]) { router in
        HookRoutes(sources: cache, writer: writer).add(to: router)
    }
}
