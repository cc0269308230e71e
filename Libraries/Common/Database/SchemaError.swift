/// The pool's connections do not resolve table names in `SLUICE_DB_SCHEMA` (see `SchemaCheck`).
public struct SchemaError: Error, CustomStringConvertible, Equatable {
    public let schema: String
    /// What `current_schema()` answered: the schema new tables would go to and names resolve in first.
    public let current: String?
    public let searchPath: String
    public let user: String
    public let database: String
    public let exists: Bool
    public let poolMode: PoolMode

    public var description: String {
        let actual = current.map { "'\($0)'" } ?? "no schema"
        let found = "connections use \(actual) (search_path \(searchPath)), not '\(schema)' (SLUICE_DB_SCHEMA)"
        guard exists else {
            return "schema '\(schema)' (SLUICE_DB_SCHEMA) does not exist in database '\(database)': \(found); run `sluice-api migrate` first"
        }
        switch poolMode {
        case .session:
            return "\(found): the search_path startup parameter did not reach PostgreSQL; behind a pooler that drops it "
                + "(PgBouncer) set SLUICE_DB_POOL_MODE=transaction and the role's search_path (docs/deploy.md, PgBouncer)"
        case .transaction:
            return "\(found): behind a transaction pooler (SLUICE_DB_POOL_MODE=transaction) the schema must be the role's default; run "
                + #"ALTER ROLE "\#(user)" IN DATABASE "\#(database)" SET search_path = "\#(schema)" (docs/deploy.md, PgBouncer)"#
        }
    }
}
