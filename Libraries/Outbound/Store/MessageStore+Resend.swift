import Foundation
import PostgresNIO
import Queue

extension MessageStore {
    /// How far back `recover` may reach.
    public static let recoverWindow: TimeInterval = 14 * 86400

    /// Sends a message again: to one endpoint of its application (creating its delivery if the message never went
    /// there), or to every endpoint it was delivered to. Deliveries still pending are left to finish; disabled
    /// endpoints are skipped. Answers the deliveries sent again. An `endpointID` that is not an enabled endpoint of
    /// the application is a conflict, not a missing message: the message in the path exists.
    public func resend(_ application: OutboundApplication, messageID: Int64, endpointID: Int64?, on connection: PostgresConnection? = nil) async throws -> Int {
        try await database.perform(on: connection) { connection in
            guard try await detail(applicationID: application.id, messageID, on: connection) != nil else {
                throw OutboundError.notFound("message \(messageID)")
            }
            if let endpointID {
                guard try await EndpointStore.enabled(endpointID, applicationID: application.id, on: connection, logger: database.logger) == true else {
                    throw OutboundError.conflict("endpoint_id \(endpointID) is not an enabled endpoint of application \(application.uid)")
                }
                try await connection.query(
                    "INSERT INTO deliveries (message_id, endpoint_id, status) VALUES (\(messageID), \(endpointID), 'failed') ON CONFLICT DO NOTHING",
                    logger: database.logger
                )
            }
            return try await restart(
                "d.message_id = \(messageID) AND (\(endpointID)::int8 IS NULL OR d.endpoint_id = \(endpointID))", schedule: application.retrySchedule, on: connection
            )
        }
    }

    /// Sends again every delivery to the endpoint that failed among the messages created in [since, until);
    /// `since` may be at most 14 days ago. Answers how many; a disabled endpoint is a conflict (enable it first).
    public func recover(_ application: OutboundApplication, endpointID: Int64, since: Date, until: Date?, on connection: PostgresConnection? = nil) async throws -> Int {
        guard since >= Date.now.addingTimeInterval(-Self.recoverWindow) else {
            throw OutboundError.invalid(field: "since", reason: "must be within the last 14 days")
        }
        if let until, until <= since { throw OutboundError.invalid(field: "until", reason: "must be after since") }
        return try await database.perform(on: connection) { connection in
            switch try await EndpointStore.enabled(endpointID, applicationID: application.id, on: connection, logger: database.logger) {
            case nil: throw OutboundError.notFound("endpoint \(endpointID)")
            case false?: throw OutboundError.conflict("endpoint \(endpointID) is disabled; enable it before recovering its deliveries")
            case true?: break
            }
            return try await restart(
                """
                d.endpoint_id = \(endpointID) AND d.status = 'failed' AND d.created_at >= \(since)
                AND (\(until)::timestamptz IS NULL OR d.created_at < \(until))
                """,
                schedule: application.retrySchedule,
                on: connection
            )
        }
    }

    /// Marks the matching finished deliveries to enabled endpoints pending again and enqueues a job for each.
    private func restart(_ condition: PostgresQuery, schedule: RetrySchedule, on connection: PostgresConnection) async throws -> Int {
        var query = PostgresQuery(unsafeSQL: "", binds: condition.binds)
        query.sql = """
            UPDATE deliveries d SET status = 'pending', next_attempt_at = now()
            FROM endpoints e WHERE e.id = d.endpoint_id AND e.enabled AND d.status <> 'pending' AND \(condition.sql)
            RETURNING d.id
            """
        let ids = try await connection.query(query, logger: database.logger).decode(Int64.self).all()
        _ = try await queue.enqueue(ids.map { OutboundJobs.deliver($0, schedule: schedule) }, on: connection)
        return ids.count
    }

    /// Deliveries to the endpoint of messages created in the last day, by status.
    public func stats(_ application: OutboundApplication, endpointID: Int64) async throws -> [Delivery.Status: Int] {
        let rows = try await database.query(
            """
            SELECT d.status, count(*)::int8 FROM deliveries d JOIN endpoints e ON e.id = d.endpoint_id
            WHERE d.endpoint_id = \(endpointID) AND e.application_id = \(application.id) AND d.created_at > now() - interval '1 day'
            GROUP BY d.status
            """
        )
        var counts = Dictionary(uniqueKeysWithValues: Delivery.Status.allCases.map { ($0, 0) })
        for try await (status, count) in rows.decode((String, Int).self) {
            if let status = Delivery.Status(rawValue: status) { counts[status] = count }
        }
        return counts
    }
}

extension EndpointStore {
    /// Whether the application's endpoint is enabled; `nil` when the application has no such endpoint.
    static func enabled(_ id: Int64, applicationID: Int64, on connection: PostgresConnection, logger: Logger) async throws -> Bool? {
        try await connection.query("SELECT enabled FROM endpoints WHERE id = \(id) AND application_id = \(applicationID)", logger: logger)
            .decode(Bool.self).all().first
    }
}
