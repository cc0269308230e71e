import Logging
import PostgresNIO

extension UserStore {
    /// Creates the first super-admin and a key for them; refused once any user exists.
    public func bootstrap(email: String, client: PostgresClient) async throws -> (User, String) {
        try await client.transaction(logger: logger) { connection in
            try await connection.query("LOCK TABLE users IN EXCLUSIVE MODE", logger: logger)
            guard try await connection.query("SELECT 1 FROM users LIMIT 1", logger: logger).collect().isEmpty else {
                throw Conflict("users exist already: bootstrap only creates the first super-admin")
            }
            let user = try await createUser(email: email, role: .superAdmin, on: connection)
            let (_, key) = try await createKey(userID: user.id, name: "bootstrap", expiresAt: nil, on: connection)
            return (user, key)
        }
    }
}
