import PostgresNIO

extension PostgresClient {
    /// Runs the client's pool only for the duration of `body` (one-shot commands and tests).
    public func runWhile<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.run() }
            defer { group.cancelAll() }
            return try await body()
        }
    }
}
