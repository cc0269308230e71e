import Crypto
import Egress
import Foundation
import Outbound
import Queue
import ServiceLifecycle
import Webhooks
import Worker

/// Applications, endpoints and messages on a test schema, and an in-process worker that delivers them through a
/// real egress client (private targets allowed unless asked: the partners run on loopback).
struct OutboundFixture: Sendable {
    let db: TestDatabase
    let box = SecretBox(key: SymmetricKey(size: .bits256))

    var applications: ApplicationStore { ApplicationStore(client: db.client, logger: db.logger) }
    var endpoints: EndpointStore { EndpointStore(client: db.client, box: box, logger: db.logger) }
    var messages: MessageStore { MessageStore(queue: db.queue, logger: db.logger) }

    func application(_ uid: String = "acme", schedule: [Int]? = nil) async throws -> OutboundApplication {
        try await applications.create(uid: uid, ApplicationChange(name: "Acme", retrySchedule: try schedule.map { try RetrySchedule(seconds: $0) }))
    }

    func endpoint(
        _ application: OutboundApplication,
        url: String,
        eventTypes: [String] = [],
        maxConcurrency: Int? = nil,
        asymmetric: Bool = false
    ) async throws -> (endpoint: Endpoint, secret: String) {
        try await endpoints.create(
            applicationID: application.id, EndpointChange(url: url, eventTypes: eventTypes, maxConcurrency: maxConcurrency), asymmetric: asymmetric
        )
    }

    @discardableResult
    func publish(_ application: OutboundApplication, _ eventType: String = "order.created", payload: String = #"{"id":1}"#) async throws -> PublishResult {
        try await messages.publish(to: application, eventType: eventType, payload: payload)
    }

    /// Runs a worker on the `outbound` queue that delivers with `settings`, for the duration of `body`; `guarded`
    /// keeps the SSRF guard on (loopback partners are then refused).
    func withDelivery(
        _ settings: DeliverySettings = DeliverySettings(),
        guarded: Bool = false,
        configure: (inout WorkerConfiguration) -> Void = { _ in },
        _ body: @Sendable () async throws -> Void
    ) async throws {
        let egress = EgressClient(settings: EgressSettings(allowPrivateTargets: !guarded, connectionsPerHost: 1000), logger: db.logger)
        let delivery = OutboundDelivery(queue: db.queue, box: box, egress: egress, settings: settings, logger: db.logger)
        try await db.withWorker([delivery.deliverer], services: [egress] + delivery.services, configure: { configuration in
            configuration.queues = [OutboundJobs.queue]
            configure(&configuration)
        }, body)
    }

    func deliveries(of message: Int64) async throws -> [Delivery] {
        try await messages.detail(applicationID: try await applicationID(of: message), message)?.deliveries ?? []
    }

    func applicationID(of message: Int64) async throws -> Int64 {
        try await db.scalar("SELECT application_id FROM messages WHERE id = \(message)")
    }
}
