import Foundation
import Logging
import PostgresNIO

/// Applications in the database, addressed by their `uid`.
public struct ApplicationStore: Sendable {
    let database: OutboundDatabase

    public init(client: PostgresClient, logger: Logger) {
        self.database = OutboundDatabase(client: client, logger: logger)
    }

    static let columns = "a.id, a.uid, a.name, a.metadata::text, a.rate_limit, a.retry_schedule::int8[], a.created_at, a.updated_at"

    public func create(uid: String, _ settings: ApplicationChange, on connection: PostgresConnection? = nil) async throws -> OutboundApplication {
        try ApplicationChange.validate(uid: uid)
        guard let name = settings.name else { throw OutboundError.invalid(field: "name", reason: "is required") }
        do {
            let rows = try await database.query(
                """
                INSERT INTO applications AS a (uid, name, metadata, rate_limit, retry_schedule)
                VALUES (\(uid), \(name), coalesce(\(settings.metadata)::jsonb, '{}'), \(settings.rateLimit ?? nil)::int4, \(settings.retrySchedule??.seconds)::int4[])
                RETURNING \(unescaped: Self.columns)
                """,
                on: connection
            )
            return try await Self.decode(rows)[0]
        } catch let error as PSQLError where error.isUniqueViolation {
            throw OutboundError.alreadyExists("application \(uid)")
        }
    }

    public func get(_ uid: String, on connection: PostgresConnection? = nil) async throws -> OutboundApplication? {
        try await Self.decode(database.query("SELECT \(unescaped: Self.columns) FROM applications a WHERE a.uid = \(uid)", on: connection)).first
    }

    public func get(id: Int64, on connection: PostgresConnection? = nil) async throws -> OutboundApplication? {
        try await Self.decode(database.query("SELECT \(unescaped: Self.columns) FROM applications a WHERE a.id = \(id)", on: connection)).first
    }

    /// The application, or `OutboundError.notFound`.
    public func require(_ uid: String, on connection: PostgresConnection? = nil) async throws -> OutboundApplication {
        guard let application = try await get(uid, on: connection) else { throw OutboundError.notFound("application \(uid)") }
        return application
    }

    /// Newest first, `limit` of those with an id below `before`.
    public func list(limit: Int, before: Int64) async throws -> [OutboundApplication] {
        try await Self.decode(
            database.query("SELECT \(unescaped: Self.columns) FROM applications a WHERE a.id < \(before) ORDER BY a.id DESC LIMIT \(limit)")
        )
    }

    public func update(_ uid: String, _ change: ApplicationChange, on connection: PostgresConnection? = nil) async throws -> OutboundApplication {
        let rows = try await database.query(
            """
            UPDATE applications a SET name = coalesce(\(change.name)::text, name), metadata = coalesce(\(change.metadata)::jsonb, metadata),
                rate_limit = CASE WHEN \(change.rateLimit != nil) THEN \(change.rateLimit ?? nil)::int4 ELSE rate_limit END,
                retry_schedule = CASE WHEN \(change.retrySchedule != nil) THEN \(change.retrySchedule??.seconds)::int4[] ELSE retry_schedule END,
                updated_at = now()
            WHERE a.uid = \(uid) RETURNING \(unescaped: Self.columns)
            """,
            on: connection
        )
        guard let application = try await Self.decode(rows).first else { throw OutboundError.notFound("application \(uid)") }
        return application
    }

    /// Deletes the application with its endpoints, messages and their delivery log.
    public func delete(_ uid: String, on connection: PostgresConnection? = nil) async throws {
        let rows = try await database.query("DELETE FROM applications WHERE uid = \(uid) RETURNING id", on: connection)
        guard try await rows.collect().count == 1 else { throw OutboundError.notFound("application \(uid)") }
    }

    static func decode(_ rows: PostgresRowSequence) async throws -> [OutboundApplication] {
        var applications: [OutboundApplication] = []
        for try await (id, uid, name, metadata, rateLimit, schedule, createdAt, updatedAt) in rows.decode(
            (Int64, String, String, String, Int?, [Int]?, Date, Date).self
        ) {
            applications.append(application(id, uid, name, metadata, rateLimit, schedule, createdAt, updatedAt))
        }
        return applications
    }

    /// An application from the values of `columns`.
    static func application(
        _ id: Int64, _ uid: String, _ name: String, _ metadata: String, _ rateLimit: Int?, _ schedule: [Int]?, _ createdAt: Date, _ updatedAt: Date
    ) -> OutboundApplication {
        let retrySchedule = schedule.map { RetrySchedule(delays: $0.map { .seconds($0) }) } ?? .standard
        return OutboundApplication(
            id: id, uid: uid, name: name, metadata: metadata, rateLimit: rateLimit, retrySchedule: retrySchedule, createdAt: createdAt,
            updatedAt: updatedAt
        )
    }
}
