import Admin
import Foundation
import HTTPTypes
import Testing
import Webhooks

/// `public_keys` on `/v1/sources`: accepted as `whpk_` keys, shown in every answer, refused naming the field.
@Suite struct SourcePublicKeyRoutesTests {
    @Test func createShowReplaceAndClearPublicKeys() async throws {
        try await TestDatabase.with { db in
            let fixture = AdminFixture(db: db)
            let admin = try await fixture.key(.admin)
            let keys = (0..<2).map { _ in StandardWebhooksSigner.generateSigningKey().publicKey }
            try await fixture.withAPI { client in
                let create = #"{"name":"shop","public_keys":["\#(keys[0])"]}"#
                let (created, json, _) = try await client.api(.post, "/v1/sources", key: admin, body: create)
                #expect(created == .created)
                #expect((json as? [String: Any])?["public_keys"] as? [String] == [keys[0]])

                let (_, shown, _) = try await client.api(.get, "/v1/sources/shop", key: admin)
                #expect((shown as? [String: Any])?["public_keys"] as? [String] == [keys[0]])
                let (_, listed, _) = try await client.api(.get, "/v1/sources", key: admin)
                let first = ((listed as? [String: Any])?["data"] as? [[String: Any]])?.first
                #expect(first?["public_keys"] as? [String] == [keys[0]])

                let both = #"{"public_keys":["\#(keys[0])","\#(keys[1])"]}"#
                let (replaced, answer, _) = try await client.api(.patch, "/v1/sources/shop", key: admin, body: both)
                #expect(replaced == .ok)
                #expect((answer as? [String: Any])?["public_keys"] as? [String] == keys)
                let (_, unchanged, _) = try await client.api(.patch, "/v1/sources/shop", key: admin, body: #"{"enabled":true}"#)
                #expect((unchanged as? [String: Any])?["public_keys"] as? [String] == keys)
                let (_, cleared, _) = try await client.api(.patch, "/v1/sources/shop", key: admin, body: #"{"public_keys":[]}"#)
                #expect((cleared as? [String: Any])?["public_keys"] as? [String] == [])

                // Public keys are not secret: the audit row keeps them.
                let audited = try await db.scalar(
                    "SELECT payload->'public_keys'->>1 FROM audit_log WHERE action = 'source.update' ORDER BY id LIMIT 1", as: String.self)
                #expect(audited == keys[1])
            }
        }
    }

    @Test func badPublicKeysAre400NamingTheFieldAndChangeNothing() async throws {
        try await TestDatabase.with { db in
            let fixture = AdminFixture(db: db)
            let admin = try await fixture.key(.admin)
            let (privateKey, publicKey) = StandardWebhooksSigner.generateSigningKey()
            let tooMany = Array(repeating: "\"\(publicKey)\"", count: 11).joined(separator: ",")
            try await fixture.withAPI { client in
                let create = #"{"name":"shop","public_keys":["\#(publicKey)"]}"#
                #expect(try await client.api(.post, "/v1/sources", key: admin, body: create).0 == .created)
                #expect(try await client.api(.post, "/v1/sources", key: admin, body: #"{"name":"gh","scheme":"github"}"#).0 == .created)
                let refused: [(HTTPRequest.Method, String, String)] = [
                    (.post, "/v1/sources", #"{"name":"new","public_keys":["\#(privateKey)"]}"#),
                    (.post, "/v1/sources", #"{"name":"new","public_keys":["whpk_c2hvcnQ="]}"#),
                    (.post, "/v1/sources", #"{"name":"new","public_keys":"\#(publicKey)"}"#),
                    (.post, "/v1/sources", #"{"name":"new","scheme":"github","public_keys":["\#(publicKey)"]}"#),
                    (.patch, "/v1/sources/shop", #"{"public_keys":["\#(String(publicKey.dropFirst(5)))"]}"#),
                    (.patch, "/v1/sources/shop", #"{"public_keys":[\#(tooMany)]}"#),
                    (.patch, "/v1/sources/shop", #"{"public_keys":[42]}"#),
                ]
                for (method, path, body) in refused {
                    let (status, json, headers) = try await client.api(method, path, key: admin, body: body)
                    #expect(status == .badRequest, "\(body)")
                    let error = (json as? [String: Any])?["error"] as? [String: Any]
                    #expect(error?["code"] as? String == "invalid_request")
                    #expect((error?["message"] as? String)?.hasPrefix("public_keys ") == true, "\(String(describing: error))")
                    #expect(error?["request_id"] as? String == headers[HTTPField.Name("X-Request-Id")!])
                }
                // Valid on its own, refused by the source's scheme: a conflict with its state.
                let (status, json, _) = try await client.api(.patch, "/v1/sources/gh", key: admin, body: #"{"public_keys":["\#(publicKey)"]}"#)
                #expect(status == .conflict)
                #expect(((json as? [String: Any])?["error"] as? [String: Any])?["message"] as? String == "public_keys are only for scheme standard, and source 'gh' has another scheme")
                let sources = try await db.scalar(
                    "SELECT string_agg(name || '=' || array_length(public_keys, 1)::text, ',') FROM sources", as: String?.self)
                #expect(sources == "shop=1")
                #expect(try await db.scalar("SELECT count(*) FROM sources", as: Int.self) == 2)
            }
        }
    }
}
