import Foundation

extension NewJob {
    static let maxKindLength = 128
    static let maxQueueLength = 64
    public static let maxTimeoutSeconds = 86_400
    public static let maxTags = 10
    public static let maxTagLength = 64

    /// Throws for the first field out of range, naming it.
    func validate() throws(QueueError) {
        guard !kind.isEmpty, kind.count <= Self.maxKindLength else {
            throw .invalid(field: "kind", reason: "must be 1-\(Self.maxKindLength) characters")
        }
        guard Self.isValidQueueName(queue) else {
            throw .invalid(field: "queue", reason: "must be 1-\(Self.maxQueueLength) characters of a-z, 0-9, '_', '-', '.'")
        }
        guard (1...1000).contains(maxAttempts) else { throw .invalid(field: "max_attempts", reason: "must be in 1...1000") }
        guard (-1000...1000).contains(priority) else { throw .invalid(field: "priority", reason: "must be in -1000...1000") }
        guard (try? JSONSerialization.jsonObject(with: Data(payload.utf8), options: [.fragmentsAllowed])) != nil else {
            throw .invalid(field: "payload", reason: "must be JSON")
        }
        if let timeoutSeconds, !(1...Self.maxTimeoutSeconds).contains(timeoutSeconds) {
            throw .invalid(field: "timeout_seconds", reason: "must be in 1...\(Self.maxTimeoutSeconds)")
        }
        if let uniqueKey, uniqueKey.isEmpty || uniqueKey.count > 256 {
            throw .invalid(field: "unique_key", reason: "must be 1-256 characters")
        }
        try Self.validate(tags: tags)
    }

    /// Throws naming `tags` (too many) or `tags[i]` (empty, too long, or holding a control character).
    public static func validate(tags: [String], field: String = "tags") throws(QueueError) {
        guard tags.count <= maxTags else { throw .invalid(field: field, reason: "must hold at most \(maxTags) tags") }
        for (index, tag) in tags.enumerated() where tag.isEmpty || tag.unicodeScalars.count > maxTagLength
            || tag.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw .invalid(field: "\(field)[\(index)]", reason: "must be 1-\(maxTagLength) characters without control characters")
        }
    }

    /// Queue names travel in NOTIFY payloads and metric labels, so they stay plain.
    public static func isValidQueueName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= maxQueueLength
            && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 || $0 == 45 || $0 == 46 }
    }
}
