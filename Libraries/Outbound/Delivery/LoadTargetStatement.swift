import PostgresNIO

/// `TargetLoader`'s query as a prepared statement: the targets of many deliveries in one round trip. It runs for
/// every batch of deliveries, and PostgreSQL parsing and planning its four-table join every time cost more than
/// running it. Answers the rows as they are, in no particular order (column 7 is the delivery's id).
struct LoadTargetStatement: PostgresPreparedStatement {
    static let sql = """
        SELECT \(MessageStore.columns), d.id, d.status, e.id, e.url, e.enabled, e.headers::text, e.rate_limit, e.max_concurrency,
               a.rate_limit, a.retry_schedule::int8[], encode(e.signing_key_ciphertext, 'base64'),
               coalesce((SELECT array_agg(encode(s.ciphertext, 'base64') ORDER BY s.id DESC) FROM endpoint_secrets s
                         WHERE s.endpoint_id = e.id AND (s.expires_at IS NULL OR s.expires_at > now())), '{}'),
               a.uid
        FROM deliveries d JOIN messages m ON m.id = d.message_id JOIN endpoints e ON e.id = d.endpoint_id
             JOIN applications a ON a.id = e.application_id
        WHERE d.id = ANY($1::int8[])
        """

    typealias Row = PostgresRow

    let deliveryIDs: [Int64]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(deliveryIDs)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}
