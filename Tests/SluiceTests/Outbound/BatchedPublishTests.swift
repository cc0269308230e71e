import Common
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import Testing

@testable import Outbound

/// Publishes without an `Idempotency-Key` share transactions (`MessagePublisher`): each caller must still get its
/// own message, its own deliveries and jobs and its own audit row, and a request that fails must fail alone.
@Suite struct BatchedPublishTests {
    @Test func concurrentPublishesShareTransactionsAndEachGetsItsOwnAnswer() async throws {
        try await TestDatabase.with { db in
            let fixture = OutboundFixture(db: db)
            let acme = try await fixture.application("acme")
            _ = try await fixture.endpoint(acme, url: "https://all.example.com/in")
            _ = try await fixture.endpoint(acme, url: "https://orders.example.com/in", eventTypes: ["order.*"])
            let beta = try await fixture.application("beta", schedule: [1, 60])
            _ = try await fixture.endpoint(beta, url: "https://invoices.example.com/in", eventTypes: ["invoice.paid"])
            let cases: [(app: String, eventType: String, deliveries: Int?)] =
                Array(repeating: ("acme", "order.created", 2), count: 20) + Array(repeating: ("beta", "invoice.paid", 1), count: 20)
                + Array(repeating: ("beta", "order.created", 0), count: 10) + Array(repeating: ("ghost", "order.created", nil), count: 10)
            let publisher = MessagePublisher(messages: fixture.messages)
            let answers = try await Self.running(publisher, logger: db.logger) {
                await withTaskGroup(of: (Int, Result<PublishResult, any Error>).self) { group in
                    for (n, item) in cases.enumerated() {
                        group.addTask {
                            do {
                                let request = try PublishRequest(application: item.app, eventType: item.eventType, payload: #"{"n":\#(n)}"#, eventID: "e\(n)") {
                                    AuditTrail.Entry(
                                        actor: .system("test"), action: "message.publish", resourceType: "message", resourceID: "\($0.message.id)",
                                        payloadJSON: #"{"n":\#(n)}"#
                                    )
                                }
                                return (n, .success(try await publisher.publish(request)))
                            } catch {
                                return (n, .failure(error))
                            }
                        }
                    }
                    return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
                }
            }
            var messageIDs: Set<Int64> = []
            for (n, item) in cases.enumerated() {
                switch answers[n] {
                case .success(let result)?:
                    #expect(result.deliveries == item.deliveries, "\(n)")
                    #expect(result.message.payload == #"{"n":\#(n)}"# && result.message.eventID == "e\(n)", "\(n)")
                    let stored = try await db.scalar("SELECT payload || ' ' || event_id FROM messages WHERE id = \(result.message.id)", as: String.self)
                    #expect(stored == #"{"n":\#(n)} e\#(n)"#)
                    let deliveries = try await db.scalar("SELECT count(*)::int8 FROM deliveries WHERE message_id = \(result.message.id)", as: Int.self)
                    #expect(deliveries == item.deliveries)
                    let audited = try await db.scalar("SELECT payload->>'n' FROM audit_log WHERE resource_id = \(String(result.message.id))", as: String.self)
                    #expect(audited == "\(n)")
                    messageIDs.insert(result.message.id)
                case .failure(let error)?:
                    #expect(item.deliveries == nil && error as? OutboundError == .notFound("application ghost"), "\(n): \(error)")
                case nil:
                    Issue.record("no answer for \(n)")
                }
            }
            #expect(messageIDs.count == 50)
            #expect(try await db.scalar("SELECT count(*)::int8 FROM messages", as: Int.self) == 50)
            #expect(try await db.scalar("SELECT count(*)::int8 FROM audit_log", as: Int.self) == 50)
            let attempts = try await db.client.query(
                "SELECT max_attempts, count(*)::int8 FROM jobs WHERE kind = 'message.deliver' GROUP BY max_attempts ORDER BY max_attempts", logger: db.logger
            ).decode((Int, Int).self).all()
            #expect(attempts.map { [$0.0, $0.1] } == [[3, 20], [8, 40]])
            let transactions = try await db.scalar("SELECT count(DISTINCT xmin::text)::int8 FROM messages", as: Int.self)
            #expect(transactions < 50, "50 messages in \(transactions) transactions")
        }
    }

    @Test func aBatchTheServerRefusesIsWrittenRequestByRequest() async throws {
        try await TestDatabase.with { db in
            let fixture = OutboundFixture(db: db)
            let acme = try await fixture.application("acme")
            _ = try await fixture.endpoint(acme, url: "https://all.example.com/in")
            try await db.execute("ALTER TABLE messages ADD CONSTRAINT no_poison CHECK (event_type <> 'poison.pill')")
            let requests = try ["order.created", "poison.pill", "order.paid"].map { eventType in
                try PublishRequest(application: "acme", eventType: eventType, payload: "{}", eventID: nil) {
                    AuditTrail.Entry(actor: .system("test"), action: "message.publish", resourceType: "message", resourceID: "\($0.message.id)", payloadJSON: "{}")
                }
            }
            let results = try await fixture.messages.publish(batch: requests)
            #expect(results.map { (try? $0.get())?.message.eventType } == ["order.created", nil, "order.paid"])
            if case .failure(let error) = results[1] {
                #expect((error as? PSQLError)?.serverInfo?[.sqlState] == "23514", "\(error)")
            }
            let stored = try await db.client.query("SELECT event_type FROM messages ORDER BY event_type", logger: db.logger).decode(String.self).all()
            #expect(stored == ["order.created", "order.paid"])
            #expect(try await db.scalar("SELECT count(*)::int8 FROM jobs", as: Int.self) == 2)
            #expect(try await db.scalar("SELECT count(*)::int8 FROM audit_log", as: Int.self) == 2)
        }
    }

    @Test func aMalformedOrReservedEventTypeIsRefusedBeforeItIsQueued() throws {
        let audit: @Sendable (PublishResult) -> AuditTrail.Entry = { _ in
            AuditTrail.Entry(actor: .system("test"), action: "message.publish", resourceType: "message", resourceID: nil, payloadJSON: "{}")
        }
        #expect(throws: OutboundError.self) { try PublishRequest(application: "acme", eventType: "order.*", payload: "{}", eventID: nil, audit: audit) }
        #expect(throws: OutboundError.self) { try PublishRequest(application: "acme", eventType: "endpoint.disabled", payload: "{}", eventID: nil, audit: audit) }
        #expect(throws: OutboundError.self) { try PublishRequest(application: "acme", eventType: "order.created", payload: "{}", eventID: "", audit: audit) }
    }

    /// Runs `publisher` as a service for the duration of `body`, then shuts it down gracefully.
    private static func running<T: Sendable>(_ publisher: MessagePublisher, logger: Logger, _ body: @Sendable () async throws -> T) async throws -> T {
        let group = ServiceGroup(configuration: .init(services: [publisher], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            defer { tasks.cancelAll() }
            let result = try await body()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        }
    }
}
