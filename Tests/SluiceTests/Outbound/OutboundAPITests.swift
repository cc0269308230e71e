import Admin
import Foundation
import HTTPTypes
import NIOCore
import Testing

@testable import Outbound

@Suite struct OutboundAPITests {
    @Test func applicationsAndEndpointsAreManagedWithAuditRowsAndSecretsShownOnlyWhereAsked() async throws {
        try await TestDatabase.with { db in
            let fixture = AdminFixture(db: db)
            let admin = try await fixture.key(.admin)
            let viewer = try await fixture.key(.viewer)
            try await fixture.withAPI { client in
                let (created, app, _) = try await client.api(.post, "/v1/apps", key: admin, body: #"{"uid":"acme","name":"Acme","metadata":{"tier":"gold"},"retry_schedule":[1,60]}"#)
                #expect(created == .created)
                #expect((app as? [String: Any])?["retry_schedule"] as? [Int] == [1, 60])
                #expect(try await client.api(.post, "/v1/apps", key: admin, body: #"{"uid":"acme","name":"Again"}"#).0 == .conflict)
                #expect(try await client.api(.post, "/v1/apps", key: viewer, body: #"{"uid":"other","name":"Other"}"#).0 == .forbidden)
                let (status, made, _) = try await client.api(
                    .post, "/v1/apps/acme/endpoints", key: admin,
                    body: #"{"url":"https://partner.example.com/in","event_types":["order.*"],"headers":{"X-Team":"blue"},"ed25519":true}"#
                )
                #expect(status == .created)
                let endpoint = try #require(made as? [String: Any])
                let secret = try #require(endpoint["secret"] as? String)
                #expect(secret.hasPrefix("whsec_"))
                #expect((endpoint["public_key"] as? String)?.hasPrefix("whpk_") == true)
                let id = try #require(endpoint["id"] as? Int)
                let (_, listed, _) = try await client.api(.get, "/v1/apps/acme/endpoints", key: viewer)
                let listing = try #require(((listed as? [String: Any])?["data"] as? [[String: Any]])?.first)
                #expect(listing["secret"] == nil)
                #expect(try await client.api(.get, "/v1/apps/acme/endpoints/\(id)/secret", key: viewer).0 == .forbidden)
                let (_, shown, _) = try await client.api(.get, "/v1/apps/acme/endpoints/\(id)/secret", key: admin)
                #expect((shown as? [String: Any])?["secret"] as? String == secret)
                let (_, rotated, _) = try await client.api(.post, "/v1/apps/acme/endpoints/\(id)/secret/rotate", key: admin, body: #"{"overlap_seconds":3600}"#)
                let newSecret = try #require((rotated as? [String: Any])?["secret"] as? String)
                let (_, both, _) = try await client.api(.get, "/v1/apps/acme/endpoints/\(id)/secret", key: admin)
                let live = ((both as? [String: Any])?["secrets"] as? [[String: Any]])?.compactMap { $0["secret"] as? String }
                #expect(live == [newSecret, secret])
                let (patched, disabled, _) = try await client.api(
                    .patch, "/v1/apps/acme/endpoints/\(id)", key: admin, body: #"{"enabled":false,"disabled_reason":"partner maintenance"}"#
                )
                #expect(patched == .ok)
                #expect((disabled as? [String: Any])?["disabled_reason"] as? String == "partner maintenance")
                let (_, enabled, _) = try await client.api(.post, "/v1/apps/acme/endpoints/\(id)/enable", key: admin)
                #expect((enabled as? [String: Any])?["enabled"] as? Bool == true)
                let actions = try await db.client.query("SELECT action FROM audit_log ORDER BY id", logger: db.logger).decode(String.self).all()
                #expect(actions == ["application.create", "endpoint.create", "endpoint.rotate_secret", "endpoint.update", "endpoint.enable"])
                let audit = try await db.scalar("SELECT string_agg(payload::text, ' ') FROM audit_log", as: String.self)
                #expect(!audit.contains("whsec_"))
                #expect(try await client.api(.delete, "/v1/apps/acme", key: admin).0 == .noContent)
                #expect(try await client.api(.get, "/v1/apps/acme/endpoints/\(id)", key: admin).0 == .notFound)
            }
        }
    }

    @Test(arguments: [
        ("/v1/apps", #"{"uid":"has space","name":"x"}"#, "uid"),
        ("/v1/apps", #"{"uid":"abc\n","name":"x"}"#, "uid"),
        ("/v1/apps/acme/endpoints", #"{"url":"https://example.com/x","headers":{"X-A\n":"v"}}"#, "headers"),
        ("/v1/apps/acme/messages", #"{"event_type":"order.created\n","payload":{}}"#, "event_type"),
        ("/v1/apps", #"{"uid":"ok","name":"x","retry_schedule":[]}"#, "retry_schedule"),
        ("/v1/apps", #"{"uid":"ok","name":"x","rate_limit":0}"#, "rate_limit"),
        ("/v1/apps/acme/endpoints", #"{"url":"ftp://example.com/x"}"#, "url"),
        ("/v1/apps/acme/endpoints", #"{"url":"https://\u00cf/x"}"#, "url"),
        ("/v1/apps/acme/endpoints", #"{"url":"https://example.com/x","headers":{"webhook-id":"forged"}}"#, "headers"),
        ("/v1/apps/acme/endpoints", #"{"url":"https://example.com/x","event_types":["order.**"]}"#, "event_types"),
        ("/v1/apps/acme/endpoints", #"{"url":"https://example.com/x","secret":"whsec_c2hvcnQ="}"#, "secret"),
        ("/v1/apps/acme/messages", #"{"event_type":"order.*","payload":{}}"#, "event_type"),
        ("/v1/apps/acme/messages", #"{"event_type":"order.created"}"#, "payload"),
    ])
    func badInputIsRefusedNamingTheFieldAndChangesNothing(path: String, body: String, field: String) async throws {
        try await TestDatabase.with { db in
            let fixture = AdminFixture(db: db)
            let admin = try await fixture.key(.admin)
            try await fixture.withAPI { client in
                #expect(try await client.api(.post, "/v1/apps", key: admin, body: #"{"uid":"acme","name":"Acme"}"#).0 == .created)
                let before = try await db.scalar("SELECT count(*)::int8 FROM audit_log", as: Int.self)
                let (status, json, _) = try await client.api(.post, path, key: admin, body: body)
                #expect(status == .badRequest)
                let error = try #require((json as? [String: Any])?["error"] as? [String: Any])
                #expect((error["message"] as? String)?.hasPrefix(field) == true, "\(String(describing: error["message"]))")
                #expect(error["request_id"] as? String != nil)
                #expect(try await db.scalar("SELECT count(*)::int8 FROM audit_log", as: Int.self) == before)
                #expect(try await db.scalar("SELECT count(*)::int8 FROM endpoints", as: Int.self) == 0)
                #expect(try await db.scalar("SELECT count(*)::int8 FROM messages", as: Int.self) == 0)
            }
        }
    }

    @Test func publishFansOutToMatchingEnabledEndpoints() async throws {
        try await TestDatabase.with { db in
            let fixture = AdminFixture(db: db)
            let admin = try await fixture.key(.admin)
            try await fixture.withAPI { client in
                _ = try await client.api(.post, "/v1/apps", key: admin, body: #"{"uid":"acme","name":"Acme"}"#)
                var ids: [String: Int] = [:]
                let endpoints: [(String, String)] = [
                    ("all", #"[]"#), ("orders", #"["order.*"]"#), ("created", #"["order.created"]"#), ("invoices", #"["invoice.paid"]"#),
                    ("ops", #"["endpoint.disabled"]"#), ("off", #"[]"#),
                ]
                for (name, types) in endpoints {
                    let (_, json, _) = try await client.api(
                        .post, "/v1/apps/acme/endpoints", key: admin, body: #"{"url":"https://\#(name).example.com/in","event_types":\#(types)}"#
                    )
                    ids[name] = try #require((json as? [String: Any])?["id"] as? Int)
                }
                _ = try await client.api(.patch, "/v1/apps/acme/endpoints/\(ids["off"]!)", key: admin, body: #"{"enabled":false}"#)
                let expected: [String: Set<String>] = [
                    "order.created": ["all", "orders", "created"], "order.refunded": ["all", "orders"], "invoice.paid": ["all", "invoices"],
                    "orders.created": ["all"],
                ]
                for (eventType, targets) in expected {
                    let (status, json, _) = try await client.api(.post, "/v1/apps/acme/messages", key: admin, body: #"{"event_type":"\#(eventType)","payload":{"a":1}}"#)
                    #expect(status == .accepted)
                    let message = try #require((json as? [String: Any])?["id"] as? Int)
                    #expect((json as? [String: Any])?["deliveries"] as? Int == targets.count, "\(eventType)")
                    let reached = try await db.client.query(
                        "SELECT endpoint_id FROM deliveries WHERE message_id = \(message)", logger: db.logger
                    ).decode(Int64.self).all()
                    #expect(Set(reached.map { id in ids.first { $0.value == Int(id) }!.key }) == targets, "\(eventType)")
                }
                let (reserved, _, _) = try await client.api(.post, "/v1/apps/acme/messages", key: admin, body: #"{"event_type":"endpoint.disabled","payload":{}}"#)
                #expect(reserved == .badRequest)
                let jobs = try await db.scalar("SELECT count(*)::int8 FROM jobs WHERE kind = 'message.deliver' AND queue = 'outbound'", as: Int.self)
                #expect(jobs == expected.values.map(\.count).reduce(0, +))
            }
        }
    }

    @Test func concurrentPublishesWithOneIdempotencyKeyCreateOneMessage() async throws {
        try await TestDatabase.with { db in
            let fixture = AdminFixture(db: db)
            let admin = try await fixture.key(.admin)
            try await fixture.withAPI { client in
                _ = try await client.api(.post, "/v1/apps", key: admin, body: #"{"uid":"acme","name":"Acme"}"#)
                _ = try await client.api(.post, "/v1/apps/acme/endpoints", key: admin, body: #"{"url":"https://partner.example.com/in"}"#)
                var headers = AdminFixture.bearer(admin)
                headers[HTTPField.Name("Idempotency-Key")!] = "order-7-created"
                let answers = try await withThrowingTaskGroup(of: (HTTPResponse.Status, Int?, Bool).self) { group in
                    for _ in 0..<50 {
                        group.addTask { [headers] in
                            try await client.execute(
                                uri: "/v1/apps/acme/messages", method: .post, headers: headers,
                                body: ByteBuffer(string: #"{"event_type":"order.created","payload":{"id":7}}"#)
                            ) { response in
                                let json = try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                                return (response.status, json?["id"] as? Int, response.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
                            }
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(answers.allSatisfy { $0.0 == .accepted })
                #expect(Set(answers.compactMap(\.1)).count == 1)
                #expect(answers.filter { !$0.2 }.count == 1)
                #expect(try await db.scalar("SELECT count(*)::int8 FROM messages", as: Int.self) == 1)
                #expect(try await db.scalar("SELECT count(*)::int8 FROM deliveries", as: Int.self) == 1)
                #expect(try await db.scalar("SELECT count(*)::int8 FROM audit_log WHERE action = 'message.publish'", as: Int.self) == 1)
                let (_, other, _) = try await client.api(.post, "/v1/apps/acme/messages", key: admin, body: #"{"event_type":"order.created","payload":{"id":8}}"#)
                #expect((other as? [String: Any])?["id"] as? Int != answers.first?.1)
            }
        }
    }

    /// The message or endpoint in the path exists, so an endpoint that is disabled, or an `endpoint_id` the
    /// application lacks, is a conflict (409), not a 404 that says the path's resource is gone.
    @Test func recoverAndResendToADisabledOrForeignEndpointConflictAndChangeNothing() async throws {
        try await TestDatabase.with { db in
            let fixture = AdminFixture(db: db)
            let admin = try await fixture.key(.admin)
            try await fixture.withAPI { client in
                _ = try await client.api(.post, "/v1/apps", key: admin, body: #"{"uid":"acme","name":"Acme"}"#)
                let (_, made, _) = try await client.api(.post, "/v1/apps/acme/endpoints", key: admin, body: #"{"url":"https://off.example.com/in","enabled":false}"#)
                let off = try #require((made as? [String: Any])?["id"] as? Int)
                let (_, published, _) = try await client.api(.post, "/v1/apps/acme/messages", key: admin, body: #"{"event_type":"order.created","payload":{}}"#)
                let message = try #require((published as? [String: Any])?["id"] as? Int)
                let before = try await db.scalar("SELECT count(*)::int8 FROM audit_log", as: Int.self)
                let since = ISO8601.format(.now - 3600)
                let (recovered, recoverError, _) = try await client.api(.post, "/v1/apps/acme/endpoints/\(off)/recover", key: admin, body: #"{"since":"\#(since)"}"#)
                #expect(recovered == .conflict)
                #expect(((recoverError as? [String: Any])?["error"] as? [String: Any])?["code"] as? String == "conflict")
                #expect(try await client.api(.post, "/v1/apps/acme/endpoints/\(off + 1000)/recover", key: admin, body: #"{"since":"\#(since)"}"#).0 == .notFound)
                for endpointID in [off, off + 1000] {
                    let (resent, resendError, _) = try await client.api(
                        .post, "/v1/apps/acme/messages/\(message)/resend", key: admin, body: #"{"endpoint_id":\#(endpointID)}"#
                    )
                    #expect(resent == .conflict)
                    #expect((((resendError as? [String: Any])?["error"] as? [String: Any])?["message"] as? String)?.hasPrefix("endpoint_id") == true)
                }
                #expect(try await client.api(.post, "/v1/apps/acme/messages/\(message + 1000)/resend", key: admin, body: "{}").0 == .notFound)
                #expect(try await db.scalar("SELECT count(*)::int8 FROM audit_log", as: Int.self) == before)
                #expect(try await db.scalar("SELECT count(*)::int8 FROM deliveries", as: Int.self) == 0)
            }
        }
    }
}
