import Common
import Crypto
import Foundation
import Logging
import PostgresNIO

/// Turns an `Authorization` header into a `Principal`: a user's API key (looked up by its hash, noting when it
/// was last used) or the legacy `SLUICE_ADMIN_TOKEN`, which acts as a super-admin until it is migrated.
public struct Authenticator: Sendable {
    let client: PostgresClient
    let poolMode: PoolMode
    let legacyTokenHash: SHA256.Digest?
    let logger: Logger

    /// A lookup that takes longer fails the request with 503, as any database call of the API does.
    static let databaseDeadline: Duration = .seconds(10)

    public init(client: PostgresClient, poolMode: PoolMode, legacyToken: String?, logger: Logger) {
        self.client = client
        self.poolMode = poolMode
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
        let retired = try await withDeadline(Self.databaseDeadline) { [client, logger] in
            try await client.query("SELECT 1 FROM retired_tokens WHERE hash = \(ByteBuffer(bytes: Array(digest)))", logger: logger).collect()
        }
        guard retired.isEmpty else { throw AuthError.retiredLegacyToken }
        return .legacy
    }

    private func keyPrincipal(_ hash: [UInt8]) async throws -> Principal {
        let rows = try await withDeadline(Self.databaseDeadline) { [client, poolMode, logger] in
            try await client.execute(KeyLookupStatement(hash: hash), poolMode: poolMode, logger: logger)
        }
        for (keyID, userID, revoked, expired, active, role, email) in rows {
            if revoked { throw AuthError.revokedKey }
            if expired { throw AuthError.expiredKey }
            if !active { throw AuthError.deactivatedUser }
            return Principal(userID: userID, keyID: keyID, role: Role(rawValue: role) ?? .viewer, label: email)
        }
        throw AuthError.unknownKey
    }
}
