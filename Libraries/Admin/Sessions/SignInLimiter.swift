import Logging
import PostgresNIO

/// Counts failed sign-ins per email and per client address over a sliding window, in the database so every
/// replica of `sluice-api` sees the same count.
struct SignInLimiter: Sendable {
    let settings: SessionSettings
    let logger: Logger

    func isLimited(email: String, address: String, on connection: PostgresConnection) async throws -> Bool {
        let window = settings.failureWindow.seconds
        let rows = try await connection.query(
            """
            SELECT (SELECT count(*) FROM sign_in_failures WHERE email = \(email) AND at > now() - make_interval(secs => \(window))),
                   (SELECT count(*) FROM sign_in_failures WHERE client_address = \(address) AND at > now() - make_interval(secs => \(window)))
            """,
            logger: logger
        )
        for try await (perAccount, perAddress) in rows.decode((Int, Int).self) {
            return perAccount >= settings.failuresPerAccount || perAddress >= settings.failuresPerAddress
        }
        return false
    }

    /// Notes a failure, and forgets failures that left the window so the table stays small.
    func recordFailure(email: String, address: String, on connection: PostgresConnection) async throws {
        try await connection.query("INSERT INTO sign_in_failures (email, client_address) VALUES (\(email), \(address))", logger: logger)
        try await connection.query(
            "DELETE FROM sign_in_failures WHERE at < now() - make_interval(secs => \(settings.failureWindow.seconds))",
            logger: logger
        )
    }

    /// A successful sign-in clears the account's count (the address's stays: it may be guessing other accounts).
    func clear(email: String, on connection: PostgresConnection) async throws {
        try await connection.query("DELETE FROM sign_in_failures WHERE email = \(email)", logger: logger)
    }
}
