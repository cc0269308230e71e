/// What enqueue answers for each input: the job's id, and whether this call created it
/// (`false` when a live job with the same unique key already existed).
public struct EnqueuedJob: Sendable, Equatable {
    public let id: Int64
    public let created: Bool

    public init(id: Int64, created: Bool) {
        self.id = id
        self.created = created
    }
}
