import Foundation

/// Which jobs a listing or a bulk action takes; `nil` fields do not filter.
public struct JobFilter: Sendable, Equatable {
    public var state: JobState?
    public var queue: String?
    public var kind: String?
    /// Jobs carrying this tag.
    public var tag: String?
    public var createdAfter: Date?
    public var createdBefore: Date?
    /// Finished jobs only, by when they finished.
    public var finishedAfter: Date?
    public var finishedBefore: Date?
    /// Jobs with a failed attempt whose error contains this text (case-insensitive).
    public var errorContains: String?
    /// Only these jobs.
    public var ids: [Int64]?

    public init(
        state: JobState? = nil, queue: String? = nil, kind: String? = nil, tag: String? = nil, createdAfter: Date? = nil, createdBefore: Date? = nil,
        finishedAfter: Date? = nil, finishedBefore: Date? = nil, errorContains: String? = nil, ids: [Int64]? = nil
    ) {
        (self.state, self.queue, self.kind, self.tag, self.createdAfter, self.createdBefore) = (state, queue, kind, tag, createdAfter, createdBefore)
        (self.finishedAfter, self.finishedBefore, self.errorContains, self.ids) = (finishedAfter, finishedBefore, errorContains, ids)
    }
}
