import Foundation
import HTTPTypes

/// The request headers kept with an event, as a JSON object; credentials are never stored.
enum StoredHeaders {
    static let dropped: Set<String> = ["authorization", "cookie", "proxy-authorization"]

    static func json(_ headers: HTTPFields) -> String {
        var object: [String: String] = [:]
        for field in headers where !dropped.contains(field.name.canonicalName) {
            object[field.name.canonicalName] = object[field.name.canonicalName].map { "\($0), \(field.value)" } ?? field.value
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
