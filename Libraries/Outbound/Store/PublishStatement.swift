import Foundation
import PostgresNIO

/// The publish's insert as a prepared statement (it runs for every publish and every batch of them; PostgreSQL
/// parsing and planning it each time cost about as much as running it): the messages, each with the id an
/// idempotency key reserved or a new one, and their deliveries. Answers, per message in order, its id, its
/// `created_at` and its deliveries' ids.
struct PublishStatement: PostgresPreparedStatement {
    static let sql = """
        WITH input AS MATERIALIZED (
            SELECT t.application_id, t.event_type, t.event_id, t.payload, t.operational, t.ordinal,
                   coalesce(nullif(t.reserved_id, 0), nextval('messages_id_seq')) AS id
            FROM unnest($1::int8[], $2::int8[], $3::text[], $4::text[], $5::text[], $6::bool[])
                 WITH ORDINALITY AS t(reserved_id, application_id, event_type, event_id, payload, operational, ordinal)
        ),
        m AS (
            INSERT INTO messages (id, application_id, event_type, event_id, payload, operational)
            SELECT id, application_id, event_type, nullif(event_id, ''), payload, operational FROM input ORDER BY ordinal
            RETURNING id, created_at
        ),
        d AS (
            INSERT INTO deliveries (message_id, endpoint_id)
            SELECT input.id, t.endpoint_id FROM unnest($7::int8[], $8::int8[]) AS t(ordinal, endpoint_id) JOIN input USING (ordinal)
            RETURNING id, message_id
        ),
        grouped AS (SELECT message_id, array_agg(id ORDER BY id) AS ids FROM d GROUP BY message_id)
        SELECT m.id, m.created_at, coalesce(grouped.ids, '{}')
        FROM input JOIN m USING (id) LEFT JOIN grouped ON grouped.message_id = m.id
        ORDER BY input.ordinal
        """

    typealias Row = (Int64, Date, [Int64])

    // Arrays cannot carry NULL from here: no reserved id is 0, and an empty event id is none (event ids are 1-256 characters).
    private var reservedIDs: [Int64] = []
    private var applicationIDs: [Int64] = []
    private var eventTypes: [String] = []
    private var eventIDs: [String] = []
    private var payloads: [String] = []
    private var operational: [Bool] = []
    private var deliveryMessages: [Int64] = []
    private var deliveryEndpoints: [Int64] = []

    var isEmpty: Bool { applicationIDs.isEmpty }

    /// Adds a message with a delivery to each of `endpointIDs`.
    mutating func add(
        reservedID: Int64? = nil, applicationID: Int64, eventType: String, eventID: String?, payload: String, operational: Bool = false,
        endpointIDs: [Int64]
    ) {
        reservedIDs.append(reservedID ?? 0)
        applicationIDs.append(applicationID)
        eventTypes.append(eventType)
        eventIDs.append(eventID ?? "")
        payloads.append(payload)
        self.operational.append(operational)
        deliveryMessages += Array(repeating: Int64(applicationIDs.count), count: endpointIDs.count)
        deliveryEndpoints += endpointIDs
    }

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 8)
        bindings.append(reservedIDs)
        bindings.append(applicationIDs)
        bindings.append(eventTypes)
        bindings.append(eventIDs)
        bindings.append(payloads)
        bindings.append(operational)
        bindings.append(deliveryMessages)
        bindings.append(deliveryEndpoints)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Row.self)
    }
}
