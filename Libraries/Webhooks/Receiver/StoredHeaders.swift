import HTTPTypes

/// Headers kept with an event or a delivery attempt, as a JSON object of lower-case names (repeated fields joined with
/// ", "); credentials and cookies are never stored. Built by hand because Foundation's `JSONSerialization` took a
/// sixth of the receiver's CPU per request on Linux.
public enum StoredHeaders {
    static let dropped: Set<String> = ["authorization", "cookie", "proxy-authorization", "set-cookie"]

    static func json(_ headers: HTTPFields) -> String {
        json(headers.map { ($0.name.canonicalName, $0.value) })
    }

    /// The same from name and value pairs (a response as the egress client gives it).
    public static func json(_ fields: [(name: String, value: String)]) -> String {
        var merged: [(name: String, value: String)] = []
        for field in fields {
            let name = field.name.lowercased()
            guard !dropped.contains(name) else { continue }
            if let index = merged.firstIndex(where: { $0.name == name }) {
                merged[index].value += ", " + field.value
            } else {
                merged.append((name, field.value))
            }
        }
        var json = "{"
        for (index, header) in merged.enumerated() {
            if index > 0 { json += "," }
            appendString(header.name, to: &json)
            json += ":"
            appendString(header.value, to: &json)
        }
        return json + "}"
    }

    /// Appends `text` as a JSON string literal (RFC 8259: quote, backslash and control characters escaped).
    static func appendString(_ text: String, to json: inout String) {
        json += "\""
        defer { json += "\"" }
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            json += text
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": json += "\\\""
            case "\\": json += "\\\\"
            case "\n": json += "\\n"
            case "\r": json += "\\r"
            case "\t": json += "\\t"
            case "\u{0}"..."\u{1F}": json += "\\u00" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16)
            default: json.unicodeScalars.append(scalar)
            }
        }
    }
}
