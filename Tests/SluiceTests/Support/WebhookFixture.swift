import Common
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresNIO
import Webhooks

/// A receiver on a test schema with a `standard` source named `shop`, and helpers to sign requests for it.
struct WebhookFixture: Sendable {
    let db: TestDatabase
    let box = SecretBox(key: SymmetricKey(size: .bits256))
    var sources: SourceStore { SourceStore(client: db.client, schema: db.schema, box: box, logger: db.logger) }
    var routes: RouteStore { RouteStore(client: db.client, box: box, logger: db.logger) }

    /// Adds a source and answers its secret.
    func addSource(_ name: String = "shop", configure: (inout NewSource) -> Void = { _ in }) async throws -> String {
        var source = NewSource(name: name, scheme: .standard)
        configure(&source)
        return try await sources.add(source).secret
    }

    /// Runs a live receiver (its own database client) for the duration of `body`, which gets a test client.
    func withReceiver(databaseURL: String? = nil, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let settings = try DatabaseSettings(url: databaseURL ?? db.url, schema: db.schema)
        let client = PostgresClient(settings: settings, maximumConnections: 8, logger: db.logger)
        var service = try ServiceSettings(environment: Environment(["HTTP_HOST": "127.0.0.1", "HTTP_PORT": "0"]), defaultPort: 0)
        service.database = settings
        let app = buildWebhooksApplication(settings: service, box: box, client: client, logger: db.logger)
        try await app.test(.live) { client in try await body(client) }
    }

    /// Standard Webhooks headers for `body`, signed with `secret` at `timestamp`.
    static func signed(_ body: String, id: String = UUID().uuidString, secret: String, timestamp: Date = .now) throws -> HTTPFields {
        try signed(body, id: id, secrets: [secret], timestamp: timestamp)
    }

    /// Standard Webhooks headers for `body`: one `v1` entry per secret, one `v1a` entry per Ed25519 `whsk_` key.
    static func signed(
        _ body: String, id: String = UUID().uuidString, secrets: [String] = [], signingKeys: [String] = [], timestamp: Date = .now
    ) throws -> HTTPFields {
        var headers = try StandardWebhooksSigner.headers(
            id: id, timestamp: timestamp, body: Array(body.utf8), secrets: secrets, signingKeys: signingKeys)
        headers[.contentType] = "application/json"
        return headers
    }

    func count(_ table: String) async throws -> Int {
        try await db.scalar(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)"), as: Int.self)
    }
}

extension TestClientProtocol {
    /// POSTs `body` to `/hooks/<source>` and answers the status and the decoded JSON body.
    func hook(_ source: String, _ body: String, headers: HTTPFields) async throws -> (HTTPResponse.Status, [String: Any], HTTPFields) {
        try await execute(uri: "/hooks/\(source)", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
            let json = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
            return (response.status, json, response.headers)
        }
    }
}
