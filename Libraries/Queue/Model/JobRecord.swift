import Foundation

/// A job as stored, live or finished, with every failed attempt's error.
public struct JobRecord: Sendable, Equatable {
    public struct AttemptError: Sendable, Equatable, Codable {
        public let attempt: Int
        public let at: String
        public let error: String
    }

    public let id: Int64
    public let queue: String
    public let kind: String
    public let payload: String
    public let priority: Int
    public let state: JobState
    public let attempt: Int
    public let maxAttempts: Int
    public let runAt: Date?
    public let errors: [AttemptError]
    public let uniqueKey: String?
    public let lockedBy: String?
    public let createdAt: Date
    public let finishedAt: Date?
    public let timeoutSeconds: Int?
    /// JSON text a handler returned with success (completed jobs only).
    public let result: String?
    public let tags: [String]
}
