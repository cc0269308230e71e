import Foundation
import Logging

/// Writes one JSON object per line to stderr: time, level, service, message, then metadata
/// (including `request_id` where a request set it).
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let service: String
    private static let timeFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    public init(service: String, level: Logger.Level) {
        self.service = service
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: Any] = [
            "time": Date.now.formatted(Self.timeFormat),
            "level": event.level.rawValue,
            "service": service,
            "message": "\(event.message)",
        ]
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        for (key, value) in merged where fields[key] == nil {
            fields[key] = Self.jsonValue(value)
        }
        guard var line = try? SortedJSON.data(fields) else { return }
        line.append(0x0A)
        FileHandle.standardError.write(line)
    }

    private static func jsonValue(_ value: Logger.MetadataValue) -> Any {
        switch value {
        case .string(let string): string
        case .stringConvertible(let convertible): convertible.description
        case .array(let array): array.map(jsonValue)
        case .dictionary(let dictionary): dictionary.mapValues(jsonValue)
        }
    }
}
