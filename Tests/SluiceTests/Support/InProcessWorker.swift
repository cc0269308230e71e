import Logging
import Queue
import ServiceLifecycle
import Worker

extension TestDatabase {
    /// Runs a `Worker` with `handlers` in this process for the duration of `body`, then shuts it down gracefully.
    /// `services` (what the handlers rely on) start before the worker and stop after it.
    func withWorker(
        _ handlers: [any JobHandler],
        services: [any Service] = [],
        configure: (inout WorkerConfiguration) -> Void = { _ in },
        _ body: @Sendable () async throws -> Void
    ) async throws {
        var configuration = WorkerConfiguration()
        configuration.pollInterval = .milliseconds(100)
        configure(&configuration)
        let worker = Worker(queue: queue, handlers: HandlerRegistry(handlers), configuration: configuration, logger: logger)
        let group = ServiceGroup(configuration: .init(services: services + [worker], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                try await body()
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
