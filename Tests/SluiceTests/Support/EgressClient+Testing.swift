import Logging

@testable import Egress

extension EgressClient {
    /// A client with `settings` for the duration of `body`, shut down afterwards; `resolve` stands in for the
    /// system resolver, and `pinLifetime` for how long a pin lasts.
    @discardableResult
    static func with<T: Sendable>(
        _ settings: EgressSettings = EgressSettings(allowPrivateTargets: true),
        resolve: TargetVetter.Resolve? = nil,
        pinLifetime: Duration = EgressClient.pinLifetime,
        _ body: (EgressClient) async throws -> T
    ) async throws -> T {
        var vetter = TargetVetter(policy: AddressPolicy(settings))
        if let resolve { vetter.resolve = resolve }
        let client = EgressClient(settings: settings, vetter: vetter, pinLifetime: pinLifetime, logger: TestDatabase.makeLogger())
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
