import Foundation

/// A JSON value read from the plain objects the code passes around: what `JSONSerialization` parsed (`NSNumber`,
/// `NSNull`, `[String: Any]`, `[Any]`) and the dictionaries the handlers build (`String`, `Bool`, integers,
/// `Double`, `nil`). Anything else is written as its description.
public enum JSONValue: Encodable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case unsigned(UInt64)
    case double(Double)
    case decimal(Decimal)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(_ value: Any?) {
        guard let value else {
            self = .null
            return
        }
        // `NSNumber` is told by the value's type, as `NSNull` is (see `isNull`), not by a cast to it.
        switch value {
        case _ where Self.isNull(value): self = .null
        case let string as String: self = .string(string)
        case _ where type(of: value) is NSNumber.Type: self = JSONValue(number: value as! NSNumber)
        case let bool as Bool: self = .bool(bool)
        case let integer as Int: self = .integer(Int64(integer))
        case let integer as Int64: self = .integer(integer)
        case let integer as Int32: self = .integer(Int64(integer))
        case let integer as Int16: self = .integer(Int64(integer))
        case let integer as UInt: self = .unsigned(UInt64(integer))
        case let integer as UInt64: self = .unsigned(integer)
        case let double as Double: self = .double(double)
        case let float as Float: self = .double(Double(float))
        case let decimal as Decimal: self = .decimal(decimal)
        case let object as [String: Any?]: self = .object(object.mapValues(JSONValue.init))
        case let object as [String: Any]: self = .object(object.mapValues(JSONValue.init))
        case let list as [Any?]: self = .array(list.map(JSONValue.init))
        case let list as [Any]: self = .array(list.map(JSONValue.init))
        default: self = .string("\(value)")
        }
    }

    /// Whether `value` is JSON's `null` as `JSONSerialization` reads it (`NSNull`). Told by the value's type, never by
    /// a cast: casting a Swift dictionary, array or number to a class bridges it to a Foundation object first, which
    /// cost more than writing the whole answer.
    public static func isNull(_ value: Any) -> Bool {
        type(of: value) is NSNull.Type
    }

    /// A number as `JSONSerialization` parses it: booleans are `NSNumber`s too, told apart by their type code.
    private init(number: NSNumber) {
        if number is NSDecimalNumber {
            self = .decimal(number.decimalValue)
            return
        }
        switch String(cString: number.objCType) {
        case "c", "B": self = .bool(number.boolValue)
        case "d", "f": self = .double(number.doubleValue)
        case "Q", "L", "I", "S", "C": self = .unsigned(number.uint64Value)
        default: self = .integer(number.int64Value)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let bool): try container.encode(bool)
        case .integer(let integer): try container.encode(integer)
        case .unsigned(let integer): try container.encode(integer)
        case .double(let double): try container.encode(double)
        case .decimal(let decimal): try container.encode(decimal)
        case .string(let string): try container.encode(string)
        case .array(let list): try container.encode(list)
        case .object(let object): try container.encode(object)
        }
    }
}
