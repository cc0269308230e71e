import Crypto
import Foundation
import Logging
import PostgresNIO

/// Browser sessions of the admin UI. The cookie holds a random token; the database holds only its SHA-256, so a
/// copy of the database signs nobody in. Deleting a row ends that session on its next request.
public struct SessionStore: Sendable {
    let client: PostgresClient
    let settings: SessionSettings
    let logger: Logger

    /// A session just started: the token for the cookie (not stored) and when the session ends at the latest.
    struct Started {
        let id: Int64
        let token: String
        let expiresAt: Date
    }

    func start(userID: Int64, clientAddress: String?, on connection: PostgresConnection) async throws -> Started {
        let token = RandomToken.make()
        let rows = try await connection.query(
            """
            INSERT INTO ui_sessions (user_id, token_hash, expires_at, client_address)
            VALUES (\(userID), \(ByteBuffer(bytes: RandomToken.hash(token))), now() + make_interval(secs => \(settings.maxAge.seconds)), \(clientAddress))
            RETURNING id, expires_at
            """,
            logger: logger
        )
        for try await (id, expiresAt) in rows.decode((Int64, Date).self) {
            return Started(id: id, token: token, expiresAt: expiresAt)
        }
        throw NotFound("session")
    }

    /// The caller behind a session token; notes the use (at most every few seconds) so the idle time starts again.
    func principal(token: String) async throws -> Principal {
        guard RandomToken.isWellFormed(Substring(token)) else { throw AuthError.unknownSession }
        let rows = try await client.query(
            """
            WITH session AS (
                SELECT s.id, s.user_id, s.expires_at <= now() OR s.last_seen_at <= now() - make_interval(secs => \(settings.idleTimeout.seconds)) AS expired,
                       u.active, u.role, u.email
                FROM ui_sessions s JOIN users u ON u.id = s.user_id
                WHERE s.token_hash = \(ByteBuffer(bytes: RandomToken.hash(token)))
            ),
            touched AS (
                UPDATE ui_sessions SET last_seen_at = now()
                WHERE id = (SELECT id FROM session WHERE NOT expired AND active) AND last_seen_at < now() - interval '5 seconds'
            )
            SELECT id, user_id, expired, active, role, email FROM session
            """,
            logger: logger
        )
        for try await (id, userID, expired, active, role, email) in rows.decode((Int64, Int64, Bool, Bool, String, String).self) {
            if expired { throw AuthError.expiredSession }
            if !active { throw AuthError.deactivatedUser }
            return Principal(userID: userID, keyID: nil, sessionID: id, role: Role(rawValue: role) ?? .viewer, label: email)
        }
        throw AuthError.unknownSession
    }

    func end(_ id: Int64, on connection: PostgresConnection) async throws {
        try await connection.query("DELETE FROM ui_sessions WHERE id = \(id)", logger: logger)
    }

    /// Ends every session of a user: on a password change, deactivation or a new password set for them.
    static func endAll(userID: Int64, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("DELETE FROM ui_sessions WHERE user_id = \(userID)", logger: logger)
    }

    /// The CSRF token of a session: derived from its secret token, so it needs no storage and no other page can
    /// know it. The UI's scripts read it from `GET /v1/me` and send it as `X-CSRF-Token`.
    static func csrfToken(for token: String) -> String {
        RandomToken.urlSafe(Data(SHA256.hash(data: Data("sluice-csrf:\(token)".utf8))))
    }
}
