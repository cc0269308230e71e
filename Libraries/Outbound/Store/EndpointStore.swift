import Common
import Foundation
import Logging
import PostgresNIO
import Webhooks

/// Endpoints in the database, always addressed within their application. Secrets are sealed with `SecretBox`.
public struct EndpointStore: Sendable {
    let database: OutboundDatabase
    let box: SecretBox

    public init(client: PostgresClient, box: SecretBox, logger: Logger) {
        self.database = OutboundDatabase(client: client, logger: logger)
        self.box = box
    }

    static let columns = """
        e.id, e.application_id, e.url, e.description, e.event_types, e.enabled, e.disabled_reason, e.disabled_at, e.rate_limit,
        e.max_concurrency, e.headers::text, e.public_key, e.failing_since, e.last_success_at, e.created_at, e.updated_at
        """

    /// Creates an endpoint with its first secret (generated when not given) and, with `asymmetric`, an Ed25519 key
    /// for `v1a` signatures. Answers the secret, to show once.
    public func create(
        applicationID: Int64,
        _ settings: EndpointChange,
        secret: String? = nil,
        asymmetric: Bool = false,
        on connection: PostgresConnection? = nil
    ) async throws -> (endpoint: Endpoint, secret: String) {
        guard let url = settings.url else { throw OutboundError.invalid(field: "url", reason: "is required") }
        try settings.validate()
        if let secret { try EndpointSecret.validate(secret) }
        let secret = secret ?? EndpointSecret.generate()
        let sealed = ByteBuffer(bytes: try box.seal(secret))
        let key = asymmetric ? StandardWebhooksSigner.generateSigningKey() : nil
        let sealedKey = try key.map { ByteBuffer(bytes: try box.seal($0.privateKey)) }
        let rows = try await database.query(
            """
            WITH e AS (
                INSERT INTO endpoints (application_id, url, description, event_types, enabled, disabled_reason, disabled_at, rate_limit,
                                       max_concurrency, headers, signing_key_ciphertext, public_key)
                VALUES (\(applicationID), \(url), \(settings.description ?? ""), \(settings.eventTypes ?? []), \(settings.enabled ?? true),
                        \(settings.enabled == false ? (settings.disabledReason ?? "disabled on create") : nil)::text,
                        CASE WHEN \(settings.enabled == false) THEN now() END, \(settings.rateLimit ?? nil)::int4, \(settings.maxConcurrency ?? nil)::int4,
                        \(try Self.json(settings.headers ?? [:]))::jsonb, \(sealedKey)::bytea, \(key?.publicKey)::text)
                RETURNING *
            ),
            secret AS (INSERT INTO endpoint_secrets (endpoint_id, ciphertext) SELECT id, \(sealed) FROM e)
            SELECT \(unescaped: Self.columns) FROM e
            """,
            on: connection
        )
        return (try await Self.decode(rows)[0], secret)
    }

    public func get(applicationID: Int64, _ id: Int64, on connection: PostgresConnection? = nil) async throws -> Endpoint? {
        try await Self.decode(
            database.query("SELECT \(unescaped: Self.columns) FROM endpoints e WHERE e.id = \(id) AND e.application_id = \(applicationID)", on: connection)
        ).first
    }

    /// The endpoint, or `OutboundError.notFound`.
    public func require(applicationID: Int64, _ id: Int64, on connection: PostgresConnection? = nil) async throws -> Endpoint {
        guard let endpoint = try await get(applicationID: applicationID, id, on: connection) else { throw OutboundError.notFound("endpoint \(id)") }
        return endpoint
    }

    public func list(applicationID: Int64) async throws -> [Endpoint] {
        try await Self.decode(database.query("SELECT \(unescaped: Self.columns) FROM endpoints e WHERE e.application_id = \(applicationID) ORDER BY e.id"))
    }

    /// Changes settings; disabling records the reason, enabling clears it and the failure streak.
    public func update(applicationID: Int64, _ id: Int64, _ change: EndpointChange, on connection: PostgresConnection? = nil) async throws -> Endpoint {
        try change.validate()
        let headers = try change.headers.map { try Self.json($0) }
        let rows = try await database.query(
            """
            UPDATE endpoints e SET url = coalesce(\(change.url)::text, url), description = coalesce(\(change.description)::text, description),
                event_types = coalesce(\(change.eventTypes)::text[], event_types), headers = coalesce(\(headers)::jsonb, headers),
                rate_limit = CASE WHEN \(change.rateLimit != nil) THEN \(change.rateLimit ?? nil)::int4 ELSE rate_limit END,
                max_concurrency = CASE WHEN \(change.maxConcurrency != nil) THEN \(change.maxConcurrency ?? nil)::int4 ELSE max_concurrency END,
                enabled = coalesce(\(change.enabled)::boolean, enabled),
                disabled_reason = CASE WHEN \(change.enabled)::boolean IS NULL THEN disabled_reason WHEN \(change.enabled)::boolean THEN NULL
                                       ELSE coalesce(\(change.disabledReason)::text, 'disabled by an admin') END,
                disabled_at = CASE WHEN \(change.enabled)::boolean IS NULL THEN disabled_at WHEN \(change.enabled)::boolean THEN NULL ELSE coalesce(disabled_at, now()) END,
                failing_since = CASE WHEN \(change.enabled)::boolean THEN NULL ELSE failing_since END,
                updated_at = now()
            WHERE e.id = \(id) AND e.application_id = \(applicationID)
            RETURNING \(unescaped: Self.columns)
            """,
            on: connection
        )
        guard let endpoint = try await Self.decode(rows).first else { throw OutboundError.notFound("endpoint \(id)") }
        return endpoint
    }

    public func delete(applicationID: Int64, _ id: Int64, on connection: PostgresConnection? = nil) async throws {
        let rows = try await database.query("DELETE FROM endpoints WHERE id = \(id) AND application_id = \(applicationID) RETURNING id", on: connection)
        guard try await rows.collect().count == 1 else { throw OutboundError.notFound("endpoint \(id)") }
    }

    /// The live secrets, newest first.
    public func secrets(applicationID: Int64, _ id: Int64) async throws -> [EndpointSecretInfo] {
        _ = try await require(applicationID: applicationID, id)
        let rows = try await database.query(
            """
            SELECT encode(s.ciphertext, 'base64'), s.created_at, s.expires_at FROM endpoint_secrets s
            WHERE s.endpoint_id = \(id) AND (s.expires_at IS NULL OR s.expires_at > now()) ORDER BY s.id DESC
            """
        )
        var secrets: [EndpointSecretInfo] = []
        for try await (sealed, createdAt, expiresAt) in rows.decode((String, Date, Date?).self) {
            secrets.append(EndpointSecretInfo(secret: try box.open(Self.bytes(sealed)), createdAt: createdAt, expiresAt: expiresAt))
        }
        return secrets
    }

    /// Adds a new secret (generated when not given); the current ones keep signing for `overlap` more.
    public func rotateSecret(applicationID: Int64, _ id: Int64, overlap: Duration, newSecret: String? = nil, on connection: PostgresConnection? = nil) async throws -> String {
        if let newSecret { try EndpointSecret.validate(newSecret) }
        let secret = newSecret ?? EndpointSecret.generate()
        let sealed = ByteBuffer(bytes: try box.seal(secret))
        let rows = try await database.query(
            """
            WITH e AS (SELECT id FROM endpoints WHERE id = \(id) AND application_id = \(applicationID)),
            expired AS (
                UPDATE endpoint_secrets SET expires_at = now() + make_interval(secs => \(overlap.seconds))
                WHERE endpoint_id IN (SELECT id FROM e) AND (expires_at IS NULL OR expires_at > now() + make_interval(secs => \(overlap.seconds)))
            ),
            added AS (INSERT INTO endpoint_secrets (endpoint_id, ciphertext) SELECT id, \(sealed) FROM e RETURNING 1)
            SELECT count(*)::int8 FROM added
            """,
            on: connection
        )
        guard try await rows.decode(Int.self).reduce(0, +) == 1 else { throw OutboundError.notFound("endpoint \(id)") }
        return secret
    }

    /// Custom headers as they are stored: a JSON object of strings.
    static func json(_ headers: [String: String]) throws -> String {
        try SortedJSON.string(headers)
    }

    /// Stored custom headers read back. An endpoint without any stores `{}`, read without parsing (every delivery
    /// reads its endpoint's).
    static func headers(fromJSON json: String) -> [String: String] {
        guard json != "{}" else { return [:] }
        return (try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String]) ?? [:]
    }

    static func bytes(_ base64: String) -> [UInt8] {
        Array(Data(base64Encoded: base64, options: .ignoreUnknownCharacters) ?? Data())
    }

    static func decode(_ rows: PostgresRowSequence) async throws -> [Endpoint] {
        var endpoints: [Endpoint] = []
        for try await row in rows {
            let r = row.makeRandomAccess()
            let headers = Self.headers(fromJSON: try r[10].decode(String.self))
            endpoints.append(
                Endpoint(
                    id: try r[0].decode(Int64.self), applicationID: try r[1].decode(Int64.self), url: try r[2].decode(String.self),
                    description: try r[3].decode(String.self), filter: EndpointFilter(try r[4].decode([String].self)), enabled: try r[5].decode(Bool.self),
                    disabledReason: try r[6].decode(String?.self), disabledAt: try r[7].decode(Date?.self), rateLimit: try r[8].decode(Int?.self),
                    maxConcurrency: try r[9].decode(Int?.self), headers: headers, publicKey: try r[11].decode(String?.self),
                    failingSince: try r[12].decode(Date?.self), lastSuccessAt: try r[13].decode(Date?.self), createdAt: try r[14].decode(Date.self),
                    updatedAt: try r[15].decode(Date.self)
                )
            )
        }
        return endpoints
    }
}

/// How many endpoints there are, are disabled, and are failing (every attempt since `failing_since`).
public struct EndpointHealthSummary: Sendable {
    public let total: Int
    public let disabled: Int
    public let failing: Int
}

extension EndpointStore {
    public func healthSummary() async throws -> EndpointHealthSummary {
        let rows = try await database.query(
            "SELECT count(*)::int8, (count(*) FILTER (WHERE NOT enabled))::int8, (count(*) FILTER (WHERE enabled AND failing_since IS NOT NULL))::int8 FROM endpoints"
        )
        let (total, disabled, failing) = try await rows.decode((Int, Int, Int).self).all().first ?? (0, 0, 0)
        return EndpointHealthSummary(total: total, disabled: disabled, failing: failing)
    }
}
