import Foundation
import PostgresNIO

/// The publish's insert as a prepared statement (it runs for every message; PostgreSQL parsing and planning it each
/// time cost about as much as running it): the message, with the id an idempotency key reserved or a new one, and
/// one delivery per target endpoint. Answers the message's id, its `created_at` and the deliveries' ids in order.
struct PublishStatement: PostgresPreparedStatement {
    static let sql = """
        WITH m AS (
            INSERT INTO messages (id, application_id, event_type, event_id, payload, operational)
            VALUES (coalesce($1::int8, nextval('messages_id_seq')), $2, $3, $4::text, $5, $6) RETURNING id, created_at
        ),
        d AS (INSERT INTO deliveries (message_id, endpoint_id) SELECT (SELECT id FROM m), unnest($7::int8[]) RETURNING id)
        SELECT (SELECT id FROM m), (SELECT created_at FROM m), array(SELECT id FROM d ORDER BY id)
        """

    typealias Row = (Int64, Date, [Int64])

    let reservedID: Int64?
    let applicationID: Int64
    let eventType: String
    let eventID: String?
    let payload: String
    let operational: Bool
    let endpointIDs: [Int64]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 7)
        bindings.append(reservedID)
        bindings.append(applicationID)
        bindings.append(eventType)
        bindings.append(eventID)
        bindings.append(payload)
        bindings.append(operational)
        bindings.append(endpointIDs)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Row.self)
    }
}
