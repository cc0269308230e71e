import Foundation
import Logging
import PostgresNIO

/// Users and their API keys. Keys are returned in full only by `createKey`, once.
public struct UserStore: Sendable {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// The OpenAPI document's `Email`, which implies the database's check: at most 254 characters, one `@` with
    /// something on both sides, and no control character or white space.
    static func isEmail(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        let parts = scalars.split(separator: "@", omittingEmptySubsequences: false)
        return scalars.count <= 254 && parts.count == 2 && parts.allSatisfy { !$0.isEmpty } && !scalars.contains(where: isControlOrSpace)
    }

    /// C0 and C1 controls and Unicode's white space, listed as the document's pattern lists them.
    static func isControlOrSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0...0x20, 0x7F...0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: true
        default: false
        }
    }

    static let userColumns = "id, email, role, active, created_at"
    static let keyColumns = "id, user_id, name, prefix, created_at, last_used_at, expires_at, revoked_at"

    public func createUser(email: String, role: Role, on connection: PostgresConnection) async throws -> User {
        guard Self.isEmail(email) else { throw InvalidInput("email", "must be an email address (one @, no spaces)") }
        do {
            let rows = try await connection.query(
                "INSERT INTO users (email, role) VALUES (\(email.lowercased()), \(role.rawValue)) RETURNING \(unescaped: Self.userColumns)",
                logger: logger
            )
            return try await Self.users(rows)[0]
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw Conflict("a user with email \(email.lowercased()) exists")
        }
    }

    /// A new key for `userID`: answers its listing and the key itself, which is not stored and not shown again.
    public func createKey(userID: Int64, name: String, expiresAt: Date?, on connection: PostgresConnection) async throws -> (APIKeyInfo, String) {
        let key = APIKeyFormat.generate()
        let rows = try await connection.query(
            """
            INSERT INTO api_keys (user_id, name, prefix, hash, expires_at)
            VALUES (\(userID), \(name), \(APIKeyFormat.visiblePrefix(key)), \(ByteBuffer(bytes: APIKeyFormat.hash(key))), \(expiresAt))
            RETURNING \(unescaped: Self.keyColumns)
            """,
            logger: logger
        )
        return (try await Self.keys(rows)[0], key)
    }

    public func users(on connection: PostgresConnection) async throws -> [User] {
        try await Self.users(connection.query("SELECT \(unescaped: Self.userColumns) FROM users ORDER BY id", logger: logger))
    }

    public func user(_ id: Int64, on connection: PostgresConnection) async throws -> User {
        guard let user = try await Self.users(connection.query("SELECT \(unescaped: Self.userColumns) FROM users WHERE id = \(id)", logger: logger)).first
        else { throw NotFound("user \(id)") }
        return user
    }

    /// Changes role or active flag; deactivating a user also ends their browser sessions.
    public func update(_ id: Int64, role: Role?, active: Bool?, on connection: PostgresConnection) async throws -> User {
        let rows = try await connection.query(
            """
            UPDATE users SET role = coalesce(\(role?.rawValue), role), active = coalesce(\(active), active), updated_at = now()
            WHERE id = \(id) RETURNING \(unescaped: Self.userColumns)
            """,
            logger: logger
        )
        guard let user = try await Self.users(rows).first else { throw NotFound("user \(id)") }
        if active == false { try await SessionStore.endAll(userID: id, on: connection, logger: logger) }
        return user
    }

    public func delete(_ id: Int64, on connection: PostgresConnection) async throws {
        guard try await connection.query("DELETE FROM users WHERE id = \(id) RETURNING id", logger: logger).collect().count == 1 else {
            throw NotFound("user \(id)")
        }
    }

    public func keys(userID: Int64?, on connection: PostgresConnection) async throws -> [APIKeyInfo] {
        try await Self.keys(
            connection.query(
                "SELECT \(unescaped: Self.keyColumns) FROM api_keys WHERE \(userID)::int8 IS NULL OR user_id = \(userID) ORDER BY id",
                logger: logger
            )
        )
    }

    /// Revokes a key; answers it (already revoked keys stay as they were).
    public func revokeKey(_ id: Int64, on connection: PostgresConnection) async throws -> APIKeyInfo {
        let rows = try await connection.query(
            "UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = \(id) RETURNING \(unescaped: Self.keyColumns)",
            logger: logger
        )
        guard let key = try await Self.keys(rows).first else { throw NotFound("API key \(id)") }
        return key
    }

    static func users(_ rows: PostgresRowSequence) async throws -> [User] {
        var users: [User] = []
        for try await (id, email, role, active, createdAt) in rows.decode((Int64, String, String, Bool, Date).self) {
            users.append(User(id: id, email: email, role: Role(rawValue: role) ?? .viewer, active: active, createdAt: createdAt))
        }
        return users
    }

    static func keys(_ rows: PostgresRowSequence) async throws -> [APIKeyInfo] {
        var keys: [APIKeyInfo] = []
        for try await (id, userID, name, prefix, createdAt, lastUsedAt, expiresAt, revokedAt) in rows.decode(
            (Int64, Int64, String, String, Date, Date?, Date?, Date?).self
        ) {
            keys.append(
                APIKeyInfo(id: id, userID: userID, name: name, prefix: prefix, createdAt: createdAt, lastUsedAt: lastUsedAt, expiresAt: expiresAt, revokedAt: revokedAt)
            )
        }
        return keys
    }
}
