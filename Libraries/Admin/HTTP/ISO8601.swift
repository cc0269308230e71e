import Foundation

/// RFC 3339 timestamps in and out. Parsing is as strict as the OpenAPI document's `Timestamp` schema, so the API
/// accepts exactly what the document allows: `2026-01-31T12:00:00Z`, a year from 1900 to 2999, every field in
/// range (Foundation's own parser reads `12:99` as `13:39`), an optional fraction of 1-9 digits, then `Z` or an
/// offset of at most 18 hours.
public enum ISO8601 {
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ length: Int) -> Int? {
            guard start + length <= bytes.count else { return nil }
            return bytes[start..<start + length].reduce(0) { value, byte in
                guard let value, (0x30...0x39).contains(byte) else { return nil }
                return value * 10 + Int(byte - 0x30)
            }
        }
        func byte(_ index: Int, is character: Character) -> Bool { index < bytes.count && bytes[index] == character.asciiValue }
        guard let year = number(0, 4), (1900...2999).contains(year), byte(4, is: "-"), let month = number(5, 2), (1...12).contains(month),
            byte(7, is: "-"), let day = number(8, 2), (1...daysIn(month: month, year: year)).contains(day), byte(10, is: "T"),
            let hour = number(11, 2), hour <= 23, byte(13, is: ":"), let minute = number(14, 2), minute <= 59, byte(16, is: ":"),
            let second = number(17, 2), second <= 59
        else { return nil }
        var index = 19
        var fraction = 0.0
        if byte(index, is: ".") {
            let digits = bytes[(index + 1)...].prefix { (0x30...0x39).contains($0) }.count
            guard (1...9).contains(digits), let value = number(index + 1, digits) else { return nil }
            fraction = Double(value) / pow(10, Double(digits))
            index += 1 + digits
        }
        let offset: Int
        if byte(index, is: "Z"), index + 1 == bytes.count {
            offset = 0
        } else if byte(index, is: "+") || byte(index, is: "-"), index + 6 == bytes.count, let hours = number(index + 1, 2), byte(index + 3, is: ":"),
            let minutes = number(index + 4, 2), minutes <= 59, hours * 60 + minutes <= 18 * 60
        {
            offset = (byte(index, is: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
        } else {
            return nil
        }
        let seconds = daysSince1970(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    public static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    /// Days from 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's `days_from_civil`).
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        return era * 146_097 + yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear - 719_468
    }
}
