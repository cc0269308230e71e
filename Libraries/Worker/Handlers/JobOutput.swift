import Foundation
import Queue
import Synchronization

/// What a running attempt produces besides its outcome: log lines (bounded in count and size, handed to the
/// worker's log writer as they come) and a JSON result (bounded; checked when the attempt ends).
public final class JobOutput: Sendable {
    public static let maxLines = 100
    public static let maxLineBytes = 2048
    public static let maxResultBytes = 65_536

    private struct State {
        var lines = 0
        var dropped = 0
        var result: String?
    }

    let job: ClaimedJob
    private let sink: @Sendable (JobLogLine) -> Void
    private let state = Mutex(State())

    /// `sink` receives each kept line; by default lines go nowhere (a context built outside a worker).
    public init(job: ClaimedJob, sink: @escaping @Sendable (JobLogLine) -> Void = { _ in }) {
        self.job = job
        self.sink = sink
    }

    /// Keeps the first `maxLines` lines of the attempt, each cut to `maxLineBytes` (NUL characters, which PostgreSQL text cannot hold, removed); later ones are counted (see `finish`).
    public func log(_ message: String) {
        let keep = state.withLock { state in
            guard state.lines < Self.maxLines else {
                state.dropped += 1
                return false
            }
            state.lines += 1
            return true
        }
        if keep { emit(message.replacingOccurrences(of: "\u{0}", with: "").prefix(bytes: Self.maxLineBytes)) }
    }

    /// Ends the attempt's log: says how many lines were over the limit, if any.
    func finish() {
        let dropped = state.withLock { $0.dropped }
        if dropped > 0 { emit("\(dropped) more lines were dropped: an attempt keeps \(Self.maxLines) lines") }
    }

    private func emit(_ message: String) {
        sink(JobLogLine(jobID: job.id, attempt: job.attempt, at: .now, message: message))
    }

    /// Sets the result as JSON text; a later call replaces it.
    public func setResult(json: String) {
        state.withLock { $0.result = json }
    }

    /// The result to store, or the reason it cannot be (not JSON, or too big).
    func finalResult() -> Result<String?, JobFailed> {
        guard let result = state.withLock({ $0.result }) else { return .success(nil) }
        let size = result.utf8.count
        guard size <= Self.maxResultBytes else {
            return .failure(JobFailed("result of \(size) bytes is over the limit of \(Self.maxResultBytes) bytes"))
        }
        guard (try? JSONSerialization.jsonObject(with: Data(result.utf8), options: [.fragmentsAllowed])) != nil, !result.contains("\\u0000") else {
            return .failure(JobFailed("result is not JSON that PostgreSQL can store"))
        }
        return .success(result)
    }
}

extension String {
    /// The longest prefix of at most `bytes` UTF-8 bytes that ends on a character boundary.
    func prefix(bytes: Int) -> String {
        var count = 0
        var end = startIndex
        for character in self {
            count += character.utf8.count
            guard count <= bytes else { break }
            end = index(after: end)
        }
        return String(self[..<end])
    }
}
