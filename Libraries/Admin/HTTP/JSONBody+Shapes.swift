import Common
import Foundation

extension JSONBody {
    /// Absent: `nil`; `null`: `.some(nil)` (clear the setting); otherwise an integer in `range`.
    func clearableInt(_ field: String, in range: ClosedRange<Int>) throws -> Int?? {
        guard let value = object[field] else { return nil }
        if JSONValue.isNull(value) { return .some(nil) }
        return .some(try int(field, in: range))
    }

    /// A JSON object of string values, e.g. headers.
    func stringMap(_ field: String) throws -> [String: String]? {
        guard has(field) else { return nil }
        guard let values = object[field] as? [String: String] else { throw InvalidInput(field, "must be an object of string values") }
        return values
    }

    /// A JSON object, as JSON text.
    func jsonObject(_ field: String) throws -> String? {
        guard has(field) else { return nil }
        guard object[field] is [String: Any] else { throw InvalidInput(field, "must be a JSON object") }
        return try json(field)
    }

    /// A list of integers (possibly empty).
    func ints(_ field: String) throws -> [Int]? {
        guard has(field) else { return nil }
        guard let values = object[field] as? [NSNumber], values.allSatisfy({ !Self.isBoolean($0) && Int(exactly: $0.doubleValue) != nil }) else {
            throw InvalidInput(field, "must be a list of integers")
        }
        return values.map { Int(exactly: $0.doubleValue)! }
    }

    /// A list of strings that may be empty (unlike `strings`).
    func stringList(_ field: String, maxCount: Int) throws -> [String]? {
        guard has(field) else { return nil }
        guard let values = object[field] as? [String], values.count <= maxCount else {
            throw InvalidInput(field, "must be a list of at most \(maxCount) strings")
        }
        return values
    }
}

extension JSONBody {
    /// Absent: `nil`; `null`: `.some(nil)`; otherwise a list of integers.
    func clearableInts(_ field: String) throws -> [Int]?? {
        guard let value = object[field] else { return nil }
        if JSONValue.isNull(value) { return .some(nil) }
        return .some(try ints(field))
    }
}

extension JSONBody {
    /// A string that may be empty, without NUL.
    func text(_ field: String, maxLength: Int) throws -> String? {
        guard has(field) else { return nil }
        guard let value = object[field] as? String, value.unicodeScalars.count <= maxLength, !value.unicodeScalars.contains("\u{0}") else {
            throw InvalidInput(field, "must be a string of at most \(maxLength) characters, without NUL")
        }
        return value
    }
}
