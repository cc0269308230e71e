import Common
import Foundation
import Logging
import PostgresNIO

/// Sources in the database: create, list, resolve with decrypted secrets, rotate secrets, disable.
/// Every change is announced on `channel` so receivers drop their cached copy at once.
public struct SourceStore: Sendable {
    let client: PostgresClient
    let box: SecretBox
    let logger: Logger
    public let channel: String

    public init(client: PostgresClient, schema: String, box: SecretBox, logger: Logger) {
        self.client = client
        self.box = box
        self.logger = logger
        self.channel = "\(schema).sources"
    }

    static let columns = """
        s.id, s.name, s.scheme, s.tolerance_seconds, s.body_limit_bytes, s.rate_limit, s.hmac_header::text, s.expects_json,
        s.insecure, s.enabled, s.public_keys
        """

    /// Runs `body` on the caller's connection (inside their transaction), or in a transaction of its own.
    func perform<T: Sendable>(on connection: PostgresConnection?, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await client.transaction(on: connection, logger: logger, body)
    }

    /// Creates a source with its first secret (generated when not given); answers the secret, shown once.
    public func add(_ new: NewSource, on connection: PostgresConnection? = nil) async throws -> (source: Source, secret: String) {
        try new.validate()
        let secret = new.secret ?? StandardWebhooksSigner.generateSecret()
        let sealed = ByteBuffer(bytes: try box.seal(secret))
        let hmacHeader = try new.hmacHeader.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        do {
            let source = try await perform(on: connection) { connection in
                let rows = try await connection.query(
                    """
                    WITH s AS (
                        INSERT INTO sources (name, scheme, tolerance_seconds, body_limit_bytes, rate_limit, hmac_header, expects_json, insecure,
                                             public_keys)
                        VALUES (\(new.name), \(new.scheme.rawValue), \(Int(new.tolerance.components.seconds)), \(new.bodyLimit), \(new.rateLimit),
                                \(hmacHeader)::jsonb, \(new.expectsJSON), \(new.insecure), \(new.publicKeys))
                        RETURNING *
                    ),
                    secret AS (INSERT INTO source_secrets (source_id, ciphertext) SELECT id, \(sealed) FROM s)
                    SELECT \(unescaped: Self.columns) FROM s
                    """,
                    logger: logger
                )
                let source = try await Self.decodeSources(rows)[0]
                try await announce(new.name, on: connection)
                return source
            }
            return (source, secret)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw SourceError.alreadyExists(name: new.name)
        }
    }

    public func list() async throws -> [Source] {
        try await Self.decodeSources(client.query("SELECT \(unescaped: Self.columns) FROM sources s ORDER BY s.name", logger: logger))
    }

    /// The source named `name` with its current secrets decrypted, newest first; `nil` when there is none.
    public func resolve(_ name: String) async throws -> ResolvedSource? {
        let rows = try await client.query(
            """
            SELECT \(unescaped: Self.columns),
                   coalesce((SELECT array_agg(encode(ss.ciphertext, 'base64') ORDER BY ss.id DESC) FROM source_secrets ss
                             WHERE ss.source_id = s.id AND (ss.expires_at IS NULL OR ss.expires_at > now())), '{}')
            FROM sources s WHERE s.name = \(name)
            """,
            logger: logger
        )
        for try await row in rows {
            let source = try Self.decodeSource(row)
            let sealed = try row.makeRandomAccess()[11].decode([String].self)
            let secrets = try sealed.map { encoded in
                try box.open(Array(Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) ?? Data()))
            }
            return ResolvedSource(source: source, secrets: secrets)
        }
        return nil
    }

    /// Adds a new secret (generated when not given) and lets the current ones work for `overlap` more.
    public func rotateSecret(_ name: String, overlap: Duration, newSecret: String? = nil, on connection: PostgresConnection? = nil) async throws -> String {
        let secret = newSecret ?? StandardWebhooksSigner.generateSecret()
        let sealed = ByteBuffer(bytes: try box.seal(secret))
        return try await perform(on: connection) { connection in
            let rows = try await connection.query(
                """
                WITH s AS (SELECT id FROM sources WHERE name = \(name)),
                expired AS (
                    UPDATE source_secrets SET expires_at = now() + make_interval(secs => \(overlap.seconds))
                    WHERE source_id IN (SELECT id FROM s) AND (expires_at IS NULL OR expires_at > now() + make_interval(secs => \(overlap.seconds)))
                ),
                added AS (INSERT INTO source_secrets (source_id, ciphertext) SELECT id, \(sealed) FROM s RETURNING 1)
                SELECT count(*)::int8 FROM added
                """,
                logger: logger
            )
            guard try await rows.decode(Int.self).reduce(0, +) == 1 else { throw SourceError.notFound(name: name) }
            try await announce(name, on: connection)
            return secret
        }
    }

    /// Changes a source's settings; `nil` leaves a setting as it is. Public keys on a source whose scheme is not
    /// `standard` are refused (`.invalid`), by the table's check.
    public func update(_ name: String, _ change: SourceChange, on connection: PostgresConnection? = nil) async throws -> Source {
        try change.validate()
        do {
            return try await perform(on: connection) { connection in
                let rows = try await connection.query(
                    """
                    UPDATE sources s SET enabled = coalesce(\(change.enabled), enabled),
                        rate_limit = CASE WHEN \(change.rateLimit != nil) THEN nullif(\(change.rateLimit ?? 0), 0) ELSE rate_limit END,
                        tolerance_seconds = coalesce(\(change.toleranceSeconds), tolerance_seconds),
                        body_limit_bytes = coalesce(\(change.bodyLimit), body_limit_bytes),
                        public_keys = coalesce(\(change.publicKeys)::text[], public_keys), updated_at = now()
                    WHERE name = \(name) RETURNING \(unescaped: Self.columns)
                    """,
                    logger: logger
                )
                guard let source = try await Self.decodeSources(rows).first else { throw SourceError.notFound(name: name) }
                try await announce(name, on: connection)
                return source
            }
        } catch let error as PSQLError where error.serverInfo?[.constraintName] == "sources_public_keys_standard_only" {
            // The request alone is valid; the source's scheme (not in it) refuses it.
            throw SourceError.conflict("public_keys are only for scheme standard, and source '\(name)' has another scheme")
        }
    }

    public func setEnabled(_ name: String, _ enabled: Bool) async throws {
        _ = try await update(name, SourceChange(enabled: enabled))
    }

    /// Deletes a source with its secrets and routes; refused (`.invalid`) while it has stored events.
    public func delete(_ name: String, on connection: PostgresConnection? = nil) async throws {
        try await perform(on: connection) { connection in
            do {
                let rows = try await connection.query("DELETE FROM sources WHERE name = \(name) RETURNING id", logger: logger)
                guard try await rows.collect().count == 1 else { throw SourceError.notFound(name: name) }
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23503" {
                throw SourceError.invalid(field: "name", reason: "has stored events; disable the source instead")
            }
            try await announce(name, on: connection)
        }
    }

    public func get(_ name: String) async throws -> Source {
        let rows = try await client.query("SELECT \(unescaped: Self.columns) FROM sources s WHERE s.name = \(name)", logger: logger)
        guard let source = try await Self.decodeSources(rows).first else { throw SourceError.notFound(name: name) }
        return source
    }

    private func announce(_ name: String, on connection: PostgresConnection) async throws {
        _ = try await connection.query("SELECT pg_notify(\(channel), \(name))", logger: logger).collect()
    }

    static func decodeSources(_ rows: PostgresRowSequence) async throws -> [Source] {
        var sources: [Source] = []
        for try await row in rows { sources.append(try decodeSource(row)) }
        return sources
    }

    /// Decodes the leading `columns` of a row.
    static func decodeSource(_ row: PostgresRow) throws -> Source {
        let cells = row.makeRandomAccess()
        return Source(
            id: try cells[0].decode(Int64.self),
            name: try cells[1].decode(String.self),
            scheme: SignatureScheme(rawValue: try cells[2].decode(String.self)) ?? .standard,
            tolerance: .seconds(try cells[3].decode(Int.self)),
            bodyLimit: try cells[4].decode(Int.self),
            rateLimit: try cells[5].decode(Int?.self),
            hmacHeader: try cells[6].decode(String?.self).map { try JSONDecoder().decode(HMACHeaderSettings.self, from: Data($0.utf8)) },
            publicKeys: try cells[10].decode([String].self),
            expectsJSON: try cells[7].decode(Bool.self),
            insecure: try cells[8].decode(Bool.self),
            enabled: try cells[9].decode(Bool.self)
        )
    }
}
