import Logging
import PostgresNIO

/// Answers "can the database take a query right now?" within a deadline, for `/readyz`.
public struct DatabaseProbe: Sendable {
    let client: PostgresClient
    let timeout: Duration

    public init(client: PostgresClient, timeout: Duration = .seconds(2)) {
        self.client = client
        self.timeout = timeout
    }

    public func isReachable(logger: Logger) async -> Bool {
        do {
            return try await withDeadline(timeout) {
                try await client.query("SELECT 1", logger: logger).collect().count == 1
            }
        } catch {
            logger.warning("database unreachable", metadata: ["error": "\(String(reflecting: error))"])
            return false
        }
    }
}
