import Foundation

/// Which jobs a listing shows; `nil` fields do not filter.
public struct JobFilter: Sendable, Equatable {
    public var state: JobState?
    public var queue: String?
    public var kind: String?
    public var createdAfter: Date?
    public var createdBefore: Date?

    public init(state: JobState? = nil, queue: String? = nil, kind: String? = nil, createdAfter: Date? = nil, createdBefore: Date? = nil) {
        self.state = state
        self.queue = queue
        self.kind = kind
        self.createdAfter = createdAfter
        self.createdBefore = createdBefore
    }
}
