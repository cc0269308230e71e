import PostgresNIO
import Queue
import Synchronization
import Testing

@Suite struct DueNotifierTests {
    @Test func aWaveOfWritesBecomesAFewNotifications() async throws {
        try await TestDatabase.with { db in
            let heard = Heard()
            let subscribed = Gate()
            try await withThrowingTaskGroup { group in
                group.addTask {
                    try await db.client.withConnection { connection in
                        try await connection.listen(on: db.queue.channel) { notifications in
                            subscribed.open()
                            for try await notification in notifications {
                                heard.payloads.withLock { $0.append(notification.payload) }
                                if notification.payload == "sentinel" { return }
                            }
                        }
                    }
                }
                await subscribed.wait()
                let notifier = DueNotifier(queue: db.queue, queueName: "mail")
                let running = Task { try await notifier.run() }
                for _ in 0..<1000 { notifier.jobsAdded() }
                try await poll("the workers to be told") { heard.payloads.withLock { !$0.isEmpty } }
                running.cancel()
                try await running.value
                try await db.execute("SELECT pg_notify(\(db.queue.channel), 'sentinel')")
                try await poll("the sentinel, sent after the notifier stopped") { heard.payloads.withLock { $0.last == "sentinel" } }
                group.cancelAll()
            }
            let announced = heard.payloads.withLock { $0.dropLast() }
            #expect(announced.allSatisfy { $0 == "queue:mail" })
            #expect((1...10).contains(announced.count), "1,000 writes gave \(announced.count) notifications")
        }
    }
}

/// The payloads a test's listener has heard, in order.
private final class Heard: Sendable {
    let payloads = Mutex<[String]>([])
}
