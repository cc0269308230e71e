import Common
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

    /// The targets of `deliveryIDs`, in their order: nil where the delivery no longer exists, an error where its row
    /// cannot be used (a secret that does not open), so one bad endpoint fails only its own deliveries.
    static func load(
        _ deliveryIDs: [Int64], client: PostgresClient, poolMode: PoolMode, secrets: OpenedSecrets, logger: Logger
    ) async throws -> [Result<DeliveryTarget?, any Error>] {
        let rows = try await client.execute(LoadTargetStatement(deliveryIDs: deliveryIDs), poolMode: poolMode, logger: logger)
        var targets: [Int64: Result<DeliveryTarget?, any Error>] = [:]
        for row in rows {
            let columns = row.makeRandomAccess()
            let deliveryID = try columns[7].decode(Int64.self)
            targets[deliveryID] = Result { try decode(row, columns, deliveryID: deliveryID, secrets: secrets) }
        }
        return deliveryIDs.map { targets[$0] ?? .success(nil) }
    }

    private static func decode(_ row: PostgresRow, _ c: PostgresRandomAccessRow, deliveryID: Int64, secrets: OpenedSecrets) throws -> DeliveryTarget {
        let schedule = try c[16].decode([Int]?.self).map { RetrySchedule(delays: $0.map { .seconds($0) }) } ?? .standard
        return DeliveryTarget(
            deliveryID: deliveryID, status: Delivery.Status(rawValue: try c[8].decode(String.self)) ?? .pending,
            message: try MessageStore.decodeMessage(row), applicationUID: try c[19].decode(String.self), endpointID: try c[9].decode(Int64.self),
            url: try c[10].decode(String.self), enabled: try c[11].decode(Bool.self),
            headers: EndpointStore.headers(fromJSON: try c[12].decode(String.self)),
            endpointRateLimit: try c[13].decode(Int?.self), maxConcurrency: try c[14].decode(Int?.self),
            applicationRateLimit: try c[15].decode(Int?.self), schedule: schedule,
            secrets: try c[18].decode([String].self).map(secrets.open),
            signingKeys: try c[17].decode(String?.self).map { [try secrets.open($0)] } ?? []
        )
    }
}
