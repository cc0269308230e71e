import PostgresNIO

/// `DeliveryTarget.load`'s query as a prepared statement: it runs once per delivery, and PostgreSQL parsing and
/// planning its four-table join for every delivery cost more than running it. Answers the row as it is.
struct LoadTargetStatement: PostgresPreparedStatement {
    static let sql = """
        SELECT \(MessageStore.columns), d.id, d.status, e.id, e.url, e.enabled, e.headers::text, e.rate_limit, e.max_concurrency,
               a.rate_limit, a.retry_schedule::int8[], encode(e.signing_key_ciphertext, 'base64'),
               coalesce((SELECT array_agg(encode(s.ciphertext, 'base64') ORDER BY s.id DESC) FROM endpoint_secrets s
                         WHERE s.endpoint_id = e.id AND (s.expires_at IS NULL OR s.expires_at > now())), '{}'),
               a.uid
        FROM deliveries d JOIN messages m ON m.id = d.message_id JOIN endpoints e ON e.id = d.endpoint_id
             JOIN applications a ON a.id = e.application_id
        WHERE d.id = $1
        """

    typealias Row = PostgresRow

    let deliveryID: Int64

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(deliveryID)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}
