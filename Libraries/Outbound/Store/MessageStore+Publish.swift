import Foundation
import PostgresNIO
import Queue

extension MessageStore {
    static let idempotencyWindow = "24 hours"

    /// Stores a message and one delivery job per enabled endpoint whose filter matches, in one transaction (or the
    /// caller's). With `idempotencyKey`, the same key within 24 h answers the first message and creates nothing:
    /// concurrent retries wait on the first one's key row and then find its message.
    public func publish(
        to application: OutboundApplication,
        eventType: String,
        payload: String,
        eventID: String? = nil,
        idempotencyKey: String? = nil,
        operational: Bool = false,
        on connection: PostgresConnection? = nil
    ) async throws -> PublishResult {
        try Self.check(eventType: eventType, eventID: eventID, operational: operational)
        return try await database.perform(on: connection) { connection in
            var reservedID: Int64?
            if let idempotencyKey {
                switch try await claim(idempotencyKey, applicationID: application.id, on: connection) {
                case .replay(let result): return result
                case .new(let reserved): reservedID = reserved
                }
            }
            let endpoints = try await enabledEndpoints(of: [application.id], on: connection)[application.id, default: []]
            let targets = endpoints.filter { $0.filter.matches(eventType, operational: operational) }.map(\.id)
            var statement = PublishStatement()
            statement.add(
                reservedID: reservedID, applicationID: application.id, eventType: eventType, eventID: eventID, payload: payload,
                operational: operational, endpointIDs: targets
            )
            let (id, createdAt, deliveries) = try await connection.execute(statement, poolMode: queue.poolMode, logger: database.logger)[0]
            _ = try await queue.enqueue(deliveries.map { OutboundJobs.deliver($0, schedule: application.retrySchedule) }, on: connection)
            let message = Message(
                id: id, applicationID: application.id, eventType: eventType, eventID: eventID, payload: payload, operational: operational, createdAt: createdAt
            )
            return PublishResult(message: message, deliveries: deliveries.count, replayed: false)
        }
    }

    /// The enabled endpoints of `applicationIDs` with their filters, by application, in id order: who a publish
    /// may reach.
    func enabledEndpoints(of applicationIDs: [Int64], on connection: PostgresConnection) async throws -> [Int64: [(id: Int64, filter: EndpointFilter)]] {
        let rows = try await connection.query(
            "SELECT application_id, id, event_types FROM endpoints WHERE application_id = ANY(\(applicationIDs)) AND enabled ORDER BY id",
            logger: database.logger
        )
        var endpoints: [Int64: [(id: Int64, filter: EndpointFilter)]] = [:]
        for try await (applicationID, endpointID, patterns) in rows.decode((Int64, Int64, [String]).self) {
            endpoints[applicationID, default: []].append((endpointID, EndpointFilter(patterns)))
        }
        return endpoints
    }

    /// What a publish refuses before it touches the database: a malformed or reserved event type, an empty or
    /// overlong event id.
    static func check(eventType: String, eventID: String?, operational: Bool) throws {
        guard EndpointFilter.isValidEventType(eventType) else {
            throw OutboundError.invalid(field: "event_type", reason: "must be 1-200 letters, digits, '_', '-', ':' and '.' (no wildcard)")
        }
        if !operational, OperationalEvent(rawValue: eventType) != nil {
            throw OutboundError.invalid(field: "event_type", reason: "'\(eventType)' is reserved for Sluice's operational events")
        }
        if let eventID, eventID.isEmpty || eventID.count > 256 { throw OutboundError.invalid(field: "event_id", reason: "must be 1-256 characters") }
    }

    private enum Claim {
        case new(Int64)
        case replay(PublishResult)
    }

    /// Takes the key for a new message id, or finds the message an earlier publish with it created.
    private func claim(_ key: String, applicationID: Int64, on connection: PostgresConnection) async throws -> Claim {
        guard !key.isEmpty, key.count <= 256, !key.contains("\u{0}") else {
            throw OutboundError.invalid(field: "Idempotency-Key", reason: "must be 1-256 characters")
        }
        try await connection.query(
            """
            DELETE FROM message_idempotency WHERE application_id = \(applicationID) AND key = \(key)
              AND created_at < now() - interval '\(unescaped: Self.idempotencyWindow)'
            """,
            logger: database.logger
        )
        let taken = try await connection.query(
            """
            INSERT INTO message_idempotency (application_id, key, message_id) VALUES (\(applicationID), \(key), nextval('messages_id_seq'))
            ON CONFLICT DO NOTHING RETURNING message_id
            """,
            logger: database.logger
        )
        for try await id in taken.decode(Int64.self) { return .new(id) }
        let existing = try await connection.query(
            "SELECT message_id FROM message_idempotency WHERE application_id = \(applicationID) AND key = \(key)",
            logger: database.logger
        )
        for try await id in existing.decode(Int64.self) {
            if let detail = try await self.detail(applicationID: applicationID, id, on: connection) {
                return .replay(PublishResult(message: detail.message, deliveries: detail.deliveries.count, replayed: true))
            }
        }
        throw OutboundError.alreadyExists("a message for Idempotency-Key '\(key)' (it was pruned)")
    }
}
