import NIOCore
import NIOPosix

/// The operation did not finish within its deadline.
public struct DeadlineExceeded: Error, CustomStringConvertible {
    public var description: String { "deadline exceeded" }
}

/// Runs `operation`, throwing `DeadlineExceeded` once `timeout` has passed, even if the operation ignores the
/// cancellation it then gets: a query written to a connection that has just closed never answers
/// (postgres-nio 1.33), and a caller waiting for it would wait forever. Such an operation is left behind to end
/// on its own; the caller is never held past the deadline. Cancelling the caller cancels the operation.
///
/// The alarm is an event-loop timer, cancelled when the operation ends first. Not `Task.sleep`: on Linux a
/// cancelled sleep keeps its task and dispatch timer allocated (about 460 bytes), and the receiver, which puts
/// every write under a deadline, grew by that much per write.
public func withDeadline<T: Sendable>(_ timeout: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    let (outcome, settle) = AsyncThrowingStream<T, any Error>.makeStream()
    let work = Task {
        do {
            settle.yield(try await operation())
            settle.finish()
        } catch {
            settle.finish(throwing: error)
        }
    }
    let alarm = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: TimeAmount(timeout)) {
        settle.finish(throwing: DeadlineExceeded())
    }
    // Every way out passes here (an answer, an error, the alarm, the caller's cancellation, which ends the stream):
    // each is cancelled once, since cancelling a timer searches the event loop's whole list of timers.
    defer {
        work.cancel()
        alarm.cancel()
    }
    for try await value in outcome { return value }
    throw CancellationError()
}
