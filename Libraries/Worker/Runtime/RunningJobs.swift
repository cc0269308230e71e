import Synchronization

/// The jobs this worker is running. Removing a job's entry decides who owns its outcome: the task that
/// finished it (records the result) or shutdown (hands the job back); never both.
final class RunningJobs: Sendable {
    private struct Entry {
        var task: Task<Void, Never>?
        var cancelRequested = false
    }

    private let entries = Mutex<[Int64: Entry]>([:])

    var count: Int { entries.withLock { $0.count } }

    /// Registers `id`, then starts its task; registering first means a fast task always finds its entry.
    func start(_ id: Int64, _ body: @escaping @Sendable () async -> Void) {
        entries.withLock { $0[id] = Entry() }
        let task = Task { await body() }
        entries.withLock { entries in
            if entries[id] != nil { entries[id]?.task = task }
        }
    }

    /// Removes the entry; true when the caller now owns the outcome, and whether a stop was requested.
    func finish(_ id: Int64) -> (owned: Bool, cancelRequested: Bool) {
        entries.withLock { entries in
            guard let entry = entries.removeValue(forKey: id) else { return (false, false) }
            return (true, entry.cancelRequested)
        }
    }

    /// Asks a running job to stop (a cancel request from the API); false when it does not run here.
    @discardableResult
    func requestCancel(_ id: Int64) -> Bool {
        let task: Task<Void, Never>?? = entries.withLock { entries in
            guard entries[id] != nil else { return .none }
            entries[id]?.cancelRequested = true
            return .some(entries[id]?.task)
        }
        guard case .some(let running) = task else { return false }
        running?.cancel()
        return true
    }

    /// Takes every remaining job away from its task (which is cancelled) and answers their ids.
    func abandonAll() -> [Int64] {
        let abandoned = entries.withLock { entries in
            defer { entries.removeAll() }
            return entries
        }
        for entry in abandoned.values { entry.task?.cancel() }
        return Array(abandoned.keys)
    }
}
