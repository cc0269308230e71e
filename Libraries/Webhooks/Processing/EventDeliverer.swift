import AsyncHTTPClient
import Foundation
import NIOCore
import PostgresNIO
import Worker

/// Kind `webhook.deliver`: POSTs a stored event's body to one route's target, signed afresh on every attempt
/// with Standard Webhooks headers under the route's secret (`webhook-id` is `evt_<event id>`, stable across
/// retries so the target can dedupe). A 2xx answer completes the job; anything else fails the attempt.
public struct EventDeliverer: JobHandler {
    public let kind = EventJobs.deliverKind
    let client: PostgresClient
    let box: SecretBox
    let policy: TargetPolicy
    let http: HTTPClient
    let timeout: TimeAmount

    public init(client: PostgresClient, box: SecretBox, policy: TargetPolicy, http: HTTPClient = .shared, timeout: TimeAmount = .seconds(10)) {
        self.client = client
        self.box = box
        self.policy = policy
        self.http = http
        self.timeout = timeout
    }

    struct Payload: Decodable {
        let eventID: Int64
        let routeID: Int64

        enum CodingKeys: String, CodingKey {
            case eventID = "event_id"
            case routeID = "route_id"
        }
    }

    public func run(_ job: JobContext) async throws {
        let payload = try job.decodePayload(Payload.self)
        let rows = try await client.query(
            """
            SELECT e.body, r.target_url, r.secret_ciphertext FROM webhook_events e JOIN routes r ON r.id = \(payload.routeID)
            WHERE e.id = \(payload.eventID) AND r.enabled
            """,
            logger: job.logger
        )
        var delivery: (body: ByteBuffer, url: String, sealed: ByteBuffer)?
        for try await row in rows.decode((ByteBuffer, String, ByteBuffer).self) { delivery = row }
        guard let delivery else { throw JobFailed("event \(payload.eventID) or enabled route \(payload.routeID) not found") }
        guard let url = URL(string: delivery.url) else { throw JobFailed("route \(payload.routeID) has an invalid URL") }
        try policy.check(url)
        let body = Array(buffer: delivery.body)
        let secret = try box.open(Array(buffer: delivery.sealed))
        var request = HTTPClientRequest(url: delivery.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "sluice-worker")
        for field in try StandardWebhooksSigner.headers(id: "evt_\(payload.eventID)", timestamp: .now, body: body, secret: secret) {
            request.headers.add(name: field.name.rawName, value: field.value)
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await http.execute(request, timeout: timeout)
        guard (200..<300).contains(response.status.code) else {
            var excerpt = try await response.body.collect(upTo: 1024)
            throw JobFailed("HTTP \(response.status.code): \(excerpt.readString(length: min(excerpt.readableBytes, 200)) ?? "")")
        }
    }
}
