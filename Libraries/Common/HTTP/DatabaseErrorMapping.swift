import HTTPTypes
import PostgresNIO

/// How a database error that reached the HTTP layer is answered: a refused value is the caller's mistake (400,
/// or 409 for a uniqueness clash), a lost or unreachable database is a 503 the caller should retry.
enum DatabaseErrorMapping {
    static func serviceError(for error: any Error) -> ServiceError? {
        if error is DeadlineExceeded { return .databaseUnavailable() }
        if let error = error as? PSQLError {
            guard error.code == .server else { return .databaseUnavailable() }
            let state = error.serverInfo?[.sqlState] ?? ""
            let message = error.serverInfo?[.message] ?? "invalid value"
            if state == "23505" { return ServiceError(.conflict, code: "conflict", message: message) }
            if state.hasPrefix("22") || state.hasPrefix("23") { return ServiceError(.badRequest, code: "invalid_request", message: message) }
            if state.hasPrefix("08") || state.hasPrefix("57") { return .databaseUnavailable() }
            return nil
        }
        // The pool's own errors (circuit breaker tripped, no connection in time) mean the database is out of reach.
        if String(reflecting: type(of: error)).contains("ConnectionPoolError") { return .databaseUnavailable() }
        return nil
    }
}
