import Foundation
import Logging
import PostgresNIO

/// Invite links: a super-admin creates one for a user; whoever opens it before it expires chooses that user's
/// password, once. Only the token's hash is stored.
struct InviteStore: Sendable {
    let logger: Logger

    func create(userID: Int64, lifetime: Duration, on connection: PostgresConnection) async throws -> (token: String, expiresAt: Date) {
        let token = RandomToken.make()
        let rows = try await connection.query(
            """
            INSERT INTO user_invites (user_id, token_hash, expires_at)
            SELECT id, \(ByteBuffer(bytes: RandomToken.hash(token))), now() + make_interval(secs => \(lifetime.seconds)) FROM users WHERE id = \(userID)
            RETURNING expires_at
            """,
            logger: logger
        )
        for try await expiresAt in rows.decode(Date.self) { return (token, expiresAt) }
        throw NotFound("user \(userID)")
    }

    /// Uses up an invite and answers its user; an unknown, used or expired token is refused.
    func redeem(_ token: String, on connection: PostgresConnection) async throws -> Int64 {
        let rows = try await connection.query(
            """
            UPDATE user_invites SET used_at = now()
            WHERE token_hash = \(ByteBuffer(bytes: RandomToken.hash(token))) AND used_at IS NULL AND expires_at > now()
            RETURNING user_id
            """,
            logger: logger
        )
        for try await userID in rows.decode(Int64.self) { return userID }
        throw AuthError.invalidInvite
    }
}
