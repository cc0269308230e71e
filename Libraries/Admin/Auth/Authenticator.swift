import Crypto
import Foundation
import Logging
import PostgresNIO

/// Turns an `Authorization` header into a `Principal`: a user's API key (looked up by its hash, noting when it
/// was last used) or the legacy `SLUICE_ADMIN_TOKEN`, which acts as a super-admin until it is migrated.
public struct Authenticator: Sendable {
    let client: PostgresClient
    let legacyTokenHash: SHA256.Digest?
    let logger: Logger

    public init(client: PostgresClient, legacyToken: String?, logger: Logger) {
        self.client = client
        self.legacyTokenHash = legacyToken.map { SHA256.hash(data: Data($0.utf8)) }
        self.logger = logger
    }

    public func authenticate(authorization: String?) async throws -> Principal {
        guard let authorization, !authorization.isEmpty else { throw AuthError.missingCredentials }
        guard authorization.hasPrefix("Bearer "), case let token = String(authorization.dropFirst(7)), !token.isEmpty, !token.contains(" ") else {
            throw AuthError.malformedCredentials
        }
        let digest = SHA256.hash(data: Data(token.utf8))
        if let legacyTokenHash, digest == legacyTokenHash {
            return try await legacyPrincipal(digest)
        }
        guard APIKeyFormat.isWellFormed(token) else { throw AuthError.malformedCredentials }
        return try await keyPrincipal(Array(digest))
    }

    private func legacyPrincipal(_ digest: SHA256.Digest) async throws -> Principal {
        let rows = try await client.query("SELECT 1 FROM retired_tokens WHERE hash = \(ByteBuffer(bytes: Array(digest)))", logger: logger)
        guard try await rows.collect().isEmpty else { throw AuthError.retiredLegacyToken }
        return .legacy
    }

    private func keyPrincipal(_ hash: [UInt8]) async throws -> Principal {
        let rows = try await client.query(
            """
            WITH key AS (
                SELECT k.id, k.user_id, k.revoked_at IS NOT NULL AS revoked, coalesce(k.expires_at <= now(), false) AS expired,
                       u.active, u.role, u.email
                FROM api_keys k JOIN users u ON u.id = k.user_id
                WHERE k.hash = \(ByteBuffer(bytes: hash))
            ),
            touched AS (
                UPDATE api_keys SET last_used_at = now()
                WHERE id = (SELECT id FROM key WHERE NOT revoked AND NOT expired AND active)
                  AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
            )
            SELECT id, user_id, revoked, expired, active, role, email FROM key
            """,
            logger: logger
        )
        for try await (keyID, userID, revoked, expired, active, role, email) in rows.decode((Int64, Int64, Bool, Bool, Bool, String, String).self) {
            if revoked { throw AuthError.revokedKey }
            if expired { throw AuthError.expiredKey }
            if !active { throw AuthError.deactivatedUser }
            return Principal(userID: userID, keyID: keyID, role: Role(rawValue: role) ?? .viewer, label: email)
        }
        throw AuthError.unknownKey
    }
}
