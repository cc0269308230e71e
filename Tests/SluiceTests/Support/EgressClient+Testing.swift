import Egress
import Logging

extension EgressClient {
    /// A client with `settings` for the duration of `body`, shut down afterwards.
    @discardableResult
    static func with<T: Sendable>(
        _ settings: EgressSettings = EgressSettings(allowPrivateTargets: true),
        _ body: (EgressClient) async throws -> T
    ) async throws -> T {
        let client = EgressClient(settings: settings, logger: TestDatabase.makeLogger())
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
