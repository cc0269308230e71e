import Common
import Logging
import PostgresNIO
import Queue

/// Holds one connection in `LISTEN` on the queue's channel and forwards what arrives; reconnects after errors.
struct JobListener: Sendable {
    let queue: JobQueue
    let notifications: NotificationConnection
    let retryDelay: Duration
    let logger: Logger
    let onNotification: @Sendable (JobNotification) -> Void
    /// Called after each (re)subscription: notifications sent while not listening were missed.
    let onSubscribed: @Sendable () -> Void

    func run() async {
        while !Task.isCancelled {
            do {
                try await notifications.listen(on: queue.channel, logger: logger) { notifications in
                    onSubscribed()
                    for try await notification in notifications {
                        if let parsed = JobNotification(payload: notification.payload) { onNotification(parsed) }
                    }
                }
            } catch {
                guard !Task.isCancelled else { return }
                logger.warning("LISTEN connection lost; polling until it is back", metadata: ["error": "\(String(reflecting: error))"])
            }
            try? await Task.sleep(for: retryDelay)
        }
    }
}
