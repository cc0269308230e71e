import Foundation
import Logging
import PostgresNIO

extension UserStore {
    /// The user signing in with `email` and their password hash (nil: no password set), if the email is known.
    func signInRecord(email: String, on connection: PostgresConnection) async throws -> (User, String?)? {
        let rows = try await connection.query(
            "SELECT \(unescaped: Self.userColumns), password_hash FROM users WHERE email = \(email.lowercased())",
            logger: logger
        )
        for try await (id, email, role, active, createdAt, hash) in rows.decode((Int64, String, String, Bool, Date, String?).self) {
            return (User(id: id, email: email, role: Role(rawValue: role) ?? .viewer, active: active, createdAt: createdAt), hash)
        }
        return nil
    }

    func passwordHash(userID: Int64, on connection: PostgresConnection) async throws -> String? {
        let rows = try await connection.query("SELECT password_hash FROM users WHERE id = \(userID)", logger: logger)
        for try await hash in rows.decode(String?.self) { return hash }
        throw NotFound("user \(userID)")
    }

    /// Stores a new password hash and ends every session of the user: whoever signed in with the old one is out.
    func setPassword(userID: Int64, hash: String, on connection: PostgresConnection) async throws {
        let rows = try await connection.query(
            "UPDATE users SET password_hash = \(hash), updated_at = now() WHERE id = \(userID) RETURNING id",
            logger: logger
        )
        guard try await rows.collect().count == 1 else { throw NotFound("user \(userID)") }
        try await SessionStore.endAll(userID: userID, on: connection, logger: logger)
    }
}
