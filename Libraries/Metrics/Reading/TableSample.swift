/// How much of a table a refresh reads: the whole table when it holds at most `target` rows, else a
/// `TABLESAMPLE SYSTEM` block sample of about `target` rows whose counts are scaled up to the table's size.
struct TableSample: Sendable, Equatable {
    /// Live rows as the statistics count them.
    let rows: Double
    let target: Double

    var isSampled: Bool { rows > target }

    /// The clause after the table name: empty, or `TABLESAMPLE SYSTEM (p)`.
    var clause: String {
        guard isSampled else { return "" }
        let percent = min(100, max(0.0001, 100 * target / rows))
        return "TABLESAMPLE SYSTEM (\(percent))"
    }

    /// Scales counts of a sample that held `sampledRows` rows in all up to the table's size.
    func scale(_ count: Double, sampledRows: Double) -> Double {
        guard isSampled, sampledRows > 0 else { return count }
        return (count * rows / sampledRows).rounded()
    }
}
