import PostgresNIO

/// The API key lookup of every authenticated request as a prepared statement, so PostgreSQL plans its join and
/// update once per connection rather than on every request: the key with that hash and its user, noting when the
/// key was last used (at most once a minute, and only for a key that still works).
struct KeyLookupStatement: PostgresPreparedStatement {
    static let sql = """
        WITH key AS (
            SELECT k.id, k.user_id, k.revoked_at IS NOT NULL AS revoked, coalesce(k.expires_at <= now(), false) AS expired,
                   u.active, u.role, u.email
            FROM api_keys k JOIN users u ON u.id = k.user_id
            WHERE k.hash = $1
        ),
        touched AS (
            UPDATE api_keys SET last_used_at = now()
            WHERE id = (SELECT id FROM key WHERE NOT revoked AND NOT expired AND active)
              AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
        )
        SELECT id, user_id, revoked, expired, active, role, email FROM key
        """

    typealias Row = (Int64, Int64, Bool, Bool, Bool, String, String)

    let hash: [UInt8]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(ByteBuffer(bytes: hash))
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Row.self)
    }
}
