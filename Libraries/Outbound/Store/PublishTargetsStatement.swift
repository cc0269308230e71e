import Foundation
import PostgresNIO

/// What a batch of publishes reads before it writes, as one prepared statement: the applications among `uids` and
/// their enabled endpoints with their filters. It was two queries parsed anew for every batch. One row per enabled
/// endpoint in id order, or one row without an endpoint for an application that has none.
struct PublishTargetsStatement: PostgresPreparedStatement {
    static let sql = """
        SELECT \(ApplicationStore.columns), e.id, e.event_types
        FROM applications a LEFT JOIN endpoints e ON e.application_id = a.id AND e.enabled
        WHERE a.uid = ANY($1::text[])
        ORDER BY a.id, e.id
        """

    typealias Row = (Int64, String, String, String, Int?, [Int]?, Date, Date, Int64?, [String]?)

    let uids: [String]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(uids)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Row.self)
    }

    /// The rows as the applications by `uid`, and each one's enabled endpoints by application id.
    static func targets(_ rows: [Row]) -> (applications: [String: OutboundApplication], endpoints: [Int64: [(id: Int64, filter: EndpointFilter)]]) {
        var applications: [String: OutboundApplication] = [:]
        var endpoints: [Int64: [(id: Int64, filter: EndpointFilter)]] = [:]
        for row in rows {
            if applications[row.1] == nil {
                applications[row.1] = ApplicationStore.application(row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7)
            }
            if let endpointID = row.8 {
                endpoints[row.0, default: []].append((endpointID, EndpointFilter(row.9 ?? [])))
            }
        }
        return (applications, endpoints)
    }
}
