/// How Sluice's connections reach PostgreSQL (`SLUICE_DB_POOL_MODE`), and so which session features it may use.
///
/// - `session`: each connection is a PostgreSQL session of its own (direct, or a pooler in session mode). The
///   schema goes in as the `search_path` startup parameter; hot statements are named prepared statements; workers
///   and the receiver's source cache `LISTEN`.
/// - `transaction`: behind a transaction pooler (PgBouncer `pool_mode = transaction`), where each transaction may
///   run on a different server connection. No startup `search_path` (PgBouncer refuses it): the schema is the
///   role's default `search_path`, checked at start by `SchemaCheck`. No named prepared statements (they live on one
///   server connection): the same statements go as unnamed extended-protocol queries. No `LISTEN` on the pool: it
///   runs on `SLUICE_DB_DIRECT_URL` when given, else the services poll. Advisory locks are transaction-scoped only.
public enum PoolMode: String, Sendable, Equatable, CaseIterable {
    case session
    case transaction
}
