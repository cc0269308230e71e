import Common
import Foundation
import Hummingbird

/// A JSON answer built from plain values (`Date` becomes RFC 3339, `nil` becomes null).
public enum JSONResponse {
    public static func make(_ status: HTTPResponse.Status = .ok, _ object: [String: Any?]) -> Response {
        let data = (try? SortedJSON.data(plain(object))) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func plain(_ value: Any?) -> Any {
        switch value {
        case nil: NSNull()
        case let date as Date: ISO8601.format(date)
        case let object as [String: Any?]: object.mapValues(plain)
        case let object as [String: Any]: object.mapValues(plain)
        case let list as [Any?]: list.map(plain)
        case let list as [Any]: list.map(plain)
        case let some?: some
        }
    }

    /// A JSON value already serialized (a job payload), embedded without re-encoding its numbers.
    public static func raw(_ json: String) -> Any {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])) ?? NSNull()
    }
}
