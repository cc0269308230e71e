/// The operation did not finish within its deadline.
public struct DeadlineExceeded: Error, CustomStringConvertible {
    public var description: String { "deadline exceeded" }
}

/// Runs `operation`, throwing `DeadlineExceeded` once `timeout` has passed, even if the operation ignores the
/// cancellation it then gets: a query written to a connection that has just closed never answers
/// (postgres-nio 1.33), and a caller waiting for it would wait forever. Such an operation is left behind to end
/// on its own; the caller is never held past the deadline. Cancelling the caller cancels the operation.
public func withDeadline<T: Sendable>(_ timeout: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    let (outcome, settle) = AsyncThrowingStream<T, any Error>.makeStream()
    let race = Task {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    settle.yield(try await operation())
                    settle.finish()
                } catch {
                    settle.finish(throwing: error)
                }
            }
            group.addTask {
                guard (try? await Task.sleep(for: timeout)) != nil else { return }
                settle.finish(throwing: DeadlineExceeded())
            }
            await group.next()
            group.cancelAll()
        }
    }
    settle.onTermination = { _ in race.cancel() }
    for try await value in outcome { return value }
    throw CancellationError()
}
