/// The values one cron field allows, as a bit set (bit n set: value n allowed).
struct CronField: Sendable, Equatable {
    private(set) var bits: UInt64 = 0

    /// Parses one field: a comma-separated list of `*`, `n`, `a-b`, each optionally `/step`.
    init(_ text: String, name: String, range: ClosedRange<Int>, names: [String] = [], nameBase: Int = 0, allowsAny: Bool = false) throws(CronError) {
        for item in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            let parts = item.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.count <= 2, !parts[0].isEmpty else { throw CronError("\(name) field '\(text)' is malformed") }
            var step = 1
            if parts.count == 2 {
                guard let value = Int(parts[1]), value >= 1, value <= 1000 else { throw CronError("\(name) step '\(parts[1])' must be 1-1000") }
                step = value
            }
            let (low, high): (Int, Int)
            if parts[0] == "*" || (allowsAny && parts[0] == "?") {
                (low, high) = (range.lowerBound, range.upperBound)
            } else {
                let bounds = parts[0].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
                guard bounds.count <= 2 else { throw CronError("\(name) range '\(parts[0])' is malformed") }
                low = try Self.value(bounds[0], name: name, range: range, names: names, nameBase: nameBase)
                high = bounds.count == 2 ? try Self.value(bounds[1], name: name, range: range, names: names, nameBase: nameBase)
                    : parts.count == 2 ? range.upperBound : low
            }
            // A backwards range wraps past the top of the field.
            let span = high >= low ? high - low : range.upperBound - low + 1 + high - range.lowerBound
            for offset in stride(from: 0, through: span, by: step) {
                let value = low + offset
                bits |= 1 << UInt64(value > range.upperBound ? value - range.upperBound - 1 + range.lowerBound : value)
            }
        }
    }

    static func value(_ text: String, name: String, range: ClosedRange<Int>, names: [String], nameBase: Int) throws(CronError) -> Int {
        if let index = names.firstIndex(of: text.uppercased()) { return index + nameBase }
        guard !text.isEmpty, text.utf8.count <= 4, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = Int(text), range.contains(value) else {
            throw CronError("\(name) value '\(text)' must be \(range.lowerBound)-\(range.upperBound)\(names.isEmpty ? "" : " or a name such as \(names[0])")")
        }
        return value
    }

    func contains(_ value: Int) -> Bool { bits & (1 << UInt64(value)) != 0 }

    /// The smallest allowed value at or above `value`, or `nil` when none is left in the field.
    func next(atOrAbove value: Int) -> Int? {
        guard value < 64 else { return nil }
        let rest = bits >> UInt64(value)
        return rest == 0 ? nil : value + rest.trailingZeroBitCount
    }

    /// Weekday 7 is Sunday, like 0.
    func foldingSevenToZero() -> CronField {
        var field = self
        if contains(7) { field.bits = (field.bits & ~(1 << 7)) | 1 }
        return field
    }
}
