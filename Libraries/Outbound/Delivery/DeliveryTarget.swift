import Foundation
import Logging
import PostgresNIO
import Webhooks

/// Everything one attempt needs, read in one query: the delivery, its message, the endpoint with its live
/// secrets (decrypted) and the application's limits.
struct DeliveryTarget: Sendable {
    let deliveryID: Int64
    let status: Delivery.Status
    let message: Message
    let applicationUID: String
    let endpointID: Int64
    let url: String
    let enabled: Bool
    let headers: [String: String]
    let endpointRateLimit: Int?
    let maxConcurrency: Int?
    let applicationRateLimit: Int?
    let schedule: RetrySchedule
    let secrets: [String]
    let signingKeys: [String]

    static func load(_ deliveryID: Int64, client: PostgresClient, box: SecretBox, logger: Logger) async throws -> DeliveryTarget? {
        let rows = try await client.query(
            """
            SELECT \(unescaped: MessageStore.columns), d.id, d.status, e.id, e.url, e.enabled, e.headers::text, e.rate_limit, e.max_concurrency,
                   a.rate_limit, a.retry_schedule::int8[], encode(e.signing_key_ciphertext, 'base64'),
                   coalesce((SELECT array_agg(encode(s.ciphertext, 'base64') ORDER BY s.id DESC) FROM endpoint_secrets s
                             WHERE s.endpoint_id = e.id AND (s.expires_at IS NULL OR s.expires_at > now())), '{}'),
                   a.uid
            FROM deliveries d JOIN messages m ON m.id = d.message_id JOIN endpoints e ON e.id = d.endpoint_id
                 JOIN applications a ON a.id = e.application_id
            WHERE d.id = \(deliveryID)
            """,
            logger: logger
        )
        for try await row in rows {
            let c = row.makeRandomAccess()
            let headersJSON = try c[12].decode(String.self)
            let schedule = try c[16].decode([Int]?.self).map { RetrySchedule(delays: $0.map { .seconds($0) }) } ?? .standard
            return DeliveryTarget(
                deliveryID: try c[7].decode(Int64.self), status: Delivery.Status(rawValue: try c[8].decode(String.self)) ?? .pending,
                message: try MessageStore.decodeMessage(row), applicationUID: try c[19].decode(String.self), endpointID: try c[9].decode(Int64.self), url: try c[10].decode(String.self),
                enabled: try c[11].decode(Bool.self),
                headers: (try? JSONSerialization.jsonObject(with: Data(headersJSON.utf8)) as? [String: String]) ?? [:],
                endpointRateLimit: try c[13].decode(Int?.self), maxConcurrency: try c[14].decode(Int?.self),
                applicationRateLimit: try c[15].decode(Int?.self), schedule: schedule,
                secrets: try c[18].decode([String].self).map { try box.open(EndpointStore.bytes($0)) },
                signingKeys: try c[17].decode(String?.self).map { [try box.open(EndpointStore.bytes($0))] } ?? []
            )
        }
        return nil
    }
}
