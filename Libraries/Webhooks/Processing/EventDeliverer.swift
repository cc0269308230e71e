import Egress
import NIOCore
import PostgresNIO
import Worker

/// Kind `webhook.deliver`: POSTs a stored event's body to one route's target, signed afresh on every attempt
/// with Standard Webhooks headers under the route's secret (`webhook-id` is `evt_<event id>`, stable across
/// retries so the target can dedupe), through the shared `EgressClient`. A 2xx answer completes the job; anything
/// else fails the attempt, and a target the SSRF guard refuses discards it.
public struct EventDeliverer: JobHandler {
    public let kind = EventJobs.deliverKind
    let client: PostgresClient
    let box: SecretBox
    let egress: EgressClient
    let timeout: Duration

    public init(client: PostgresClient, box: SecretBox, egress: EgressClient, timeout: Duration = .seconds(10)) {
        self.client = client
        self.box = box
        self.egress = egress
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
        let body = Array(buffer: delivery.body)
        let secret = try box.open(Array(buffer: delivery.sealed))
        let signature = try StandardWebhooksSigner.headers(id: "evt_\(payload.eventID)", timestamp: .now, body: body, secret: secret)
        let headers = [("Content-Type", "application/json")] + signature.map { ($0.name.rawName, $0.value) }
        _ = try await egress.post(forJob: EgressRequest(url: delivery.url, headers: headers, body: body, timeout: timeout))
    }
}
