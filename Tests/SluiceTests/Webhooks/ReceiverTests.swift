import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Queue
import Testing
import Webhooks

@Suite struct ReceiverTests {
    let body = #"{"type":"order.created","data":{"id":42}}"#

    @Test func storesAVerifiedEventWithItsJobThenAnswersDuplicatesWith200() async throws {
        try await TestDatabase.with { db in
            let fixture = WebhookFixture(db: db)
            let secret = try await fixture.addSource()
            try await fixture.withReceiver { client in
                let headers = try WebhookFixture.signed(body, id: "msg_1", secret: secret)
                let (status, json, _) = try await client.hook("shop", body, headers: headers)
                #expect(status == .accepted)
                #expect(json["status"] as? String == "stored")
                let id = try #require(json["id"] as? Int)
                let type = try await db.scalar("SELECT event_type FROM webhook_events WHERE id = \(Int64(id)) AND external_id = 'msg_1'", as: String.self)
                #expect(type == "order.created")
                #expect(try await db.scalar("SELECT count(*) FROM jobs WHERE kind = 'webhook.process' AND payload->>'event_id' = \(String(id))", as: Int.self) == 1)

                let (again, duplicate, _) = try await client.hook("shop", body, headers: headers)
                #expect(again == .ok)
                #expect(duplicate["id"] as? Int == id)
                #expect(duplicate["status"] as? String == "duplicate")
                #expect(try await fixture.count("webhook_events") == 1)
                #expect(try await fixture.count("jobs") == 1)
            }
        }
    }

    @Test func fiftyConcurrentIdenticalDeliveriesStoreOneEventAndOneJob() async throws {
        try await TestDatabase.with { db in
            let fixture = WebhookFixture(db: db)
            let secret = try await fixture.addSource()
            try await fixture.withReceiver { client in
                let headers = try WebhookFixture.signed(body, id: "msg_same", secret: secret)
                let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                    for _ in 0..<50 { group.addTask { try await client.hook("shop", body, headers: headers).0 } }
                    return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
                }
                #expect(statuses.filter { $0 == .accepted }.count == 1)
                #expect(statuses.filter { $0 == .ok }.count == 49)
                #expect(try await fixture.count("webhook_events") == 1)
                #expect(try await fixture.count("jobs") == 1)
            }
        }
    }

    @Test func refusesWhatItCannotVerifyAndStoresNothing() async throws {
        try await TestDatabase.with { db in
            let fixture = WebhookFixture(db: db)
            let secret = try await fixture.addSource()
            _ = try await fixture.addSource("closed")
            try await fixture.sources.setEnabled("closed", false)
            try await fixture.withReceiver { client in
                var unsigned = HTTPFields()
                unsigned[.contentType] = "application/json"
                var tampered = try WebhookFixture.signed(body, secret: secret)
                tampered[HTTPField.Name("webhook-signature")!] = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
                var badTimestamp = try WebhookFixture.signed(body, secret: secret)
                badTimestamp[HTTPField.Name("webhook-timestamp")!] = "yesterday"
                let cases: [(String, String, HTTPFields, HTTPResponse.Status, String)] = [
                    ("shop", body, unsigned, .unauthorized, "invalid_signature"),
                    ("shop", body, tampered, .unauthorized, "invalid_signature"),
                    ("shop", body, try WebhookFixture.signed(body, secret: secret, timestamp: .now - 3600), .unauthorized, "invalid_signature"),
                    ("shop", body, badTimestamp, .badRequest, "malformed_request"),
                    ("shop", "{not json", try WebhookFixture.signed("{not json", secret: secret), .badRequest, "malformed_body"),
                    ("nowhere", body, try WebhookFixture.signed(body, secret: secret), .notFound, "unknown_source"),
                    ("closed", body, try WebhookFixture.signed(body, secret: secret), .notFound, "unknown_source"),
                ]
                for (source, payload, headers, expected, code) in cases {
                    let (status, json, responseHeaders) = try await client.hook(source, payload, headers: headers)
                    #expect(status == expected, "\(source) \(code)")
                    let error = json["error"] as? [String: Any]
                    #expect(error?["code"] as? String == code)
                    #expect(error?["request_id"] as? String == responseHeaders[HTTPField.Name("X-Request-Id")!])
                }
                try await client.execute(uri: "/hooks/shop", method: .get) { response in
                    #expect(response.status == .methodNotAllowed)
                    #expect(response.headers[.allow] == "POST")
                }
                #expect(try await fixture.count("webhook_events") == 0)
                #expect(try await fixture.count("jobs") == 0)
            }
        }
    }

    @Test func enforcesTheBodyLimitAndTheRateLimit() async throws {
        try await TestDatabase.with { db in
            let fixture = WebhookFixture(db: db)
            let small = try await fixture.addSource("small") { $0.bodyLimit = 64 }
            let slow = try await fixture.addSource("slow") { $0.rateLimit = 1 }
            try await fixture.withReceiver { client in
                let big = #"{"type":"x","pad":"\#(String(repeating: "a", count: 200))"}"#
                let (tooLarge, json, _) = try await client.hook("small", big, headers: try WebhookFixture.signed(big, secret: small))
                #expect(tooLarge == .contentTooLarge)
                #expect((json["error"] as? [String: Any])?["code"] as? String == "payload_too_large")

                // Sent together, so that a slow first write (the whole suite on two cores) cannot refill the bucket in between.
                let signed = try (0..<3).map { _ in try WebhookFixture.signed(body, secret: slow) }
                let answers = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?).self) { group in
                    for headers in signed {
                        group.addTask {
                            let (status, _, answered) = try await client.hook("slow", body, headers: headers)
                            return (status, answered[.retryAfter])
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(answers.contains { $0.0 == .accepted })
                let limited = answers.filter { $0.0 == .tooManyRequests }
                #expect(!limited.isEmpty, "\(answers)")
                #expect(limited.allSatisfy { $0.1 == "1" })
            }
        }
    }

    @Test func acceptsAnyCurrentSecretDuringRotation() async throws {
        try await TestDatabase.with { db in
            let fixture = WebhookFixture(db: db)
            let old = try await fixture.addSource()
            let new = try await fixture.sources.rotateSecret("shop", overlap: .seconds(3600))
            try await fixture.withReceiver { client in
                let withOld = try await client.hook("shop", body, headers: try WebhookFixture.signed(body, secret: old)).0
                let withNew = try await client.hook("shop", body, headers: try WebhookFixture.signed(body, secret: new)).0
                #expect(withOld == .accepted)
                #expect(withNew == .accepted)
            }
            _ = try await fixture.sources.rotateSecret("shop", overlap: .zero)
            try await fixture.withReceiver { client in
                let expired = try await client.hook("shop", body, headers: try WebhookFixture.signed(body, secret: old)).0
                #expect(expired == .unauthorized)
            }
        }
    }

    @Test func acceptsV1aOnlyDeliveriesUnderAConfiguredPublicKeyAndRefusesForgedOnes() async throws {
        try await TestDatabase.with { db in
            let fixture = WebhookFixture(db: db)
            let (privateKey, publicKey) = StandardWebhooksSigner.generateSigningKey()
            let (newPrivateKey, newPublicKey) = StandardWebhooksSigner.generateSigningKey()
            _ = try await fixture.addSource { $0.publicKeys = [publicKey] }
            _ = try await fixture.addSource("plain")
            try await fixture.withReceiver { client in
                let signed = try WebhookFixture.signed(body, id: "msg_v1a", signingKeys: [privateKey])
                #expect(signed[HTTPField.Name("webhook-signature")!]?.hasPrefix("v1a,") == true)
                let (status, json, _) = try await client.hook("shop", body, headers: signed)
                #expect(status == .accepted)
                #expect(try await db.scalar("SELECT count(*) FROM webhook_events WHERE external_id = 'msg_v1a'", as: Int.self) == 1)

                let otherBody = #"{"type":"order.created","data":{"id":43}}"#
                let forgeries = [
                    ("shop", body, try WebhookFixture.signed(body, signingKeys: [newPrivateKey])),  // a key the source does not list
                    ("shop", otherBody, try WebhookFixture.signed(body, signingKeys: [privateKey])),  // a signature over another body
                    ("plain", body, try WebhookFixture.signed(body, signingKeys: [privateKey])),  // a source with no public key
                ]
                for (source, payload, headers) in forgeries {
                    let (refused, error, _) = try await client.hook(source, payload, headers: headers)
                    #expect(refused == .unauthorized, "\(source)")
                    #expect((error["error"] as? [String: Any])?["code"] as? String == "invalid_signature")
                }
                #expect(try await fixture.count("webhook_events") == 1, "stored: \(json)")

                // Rotating the key: the receiver hears of it by NOTIFY, before its cache would expire.
                _ = try await fixture.sources.update("shop", SourceChange(publicKeys: [newPublicKey]))
                try await poll("the new public key to verify", timeout: .seconds(4)) {
                    try await client.hook("shop", body, headers: try WebhookFixture.signed(body, signingKeys: [newPrivateKey])).0 == .accepted
                }
                #expect(try await client.hook("shop", body, headers: try WebhookFixture.signed(body, signingKeys: [privateKey])).0 == .unauthorized)
            }
        }
    }

    @Test func insecureSchemeNoneIsOnlyAllowedWhenMarked() async throws {
        try await TestDatabase.with { db in
            let fixture = WebhookFixture(db: db)
            await #expect(throws: SourceError.self) { _ = try await fixture.addSource("open") { $0.scheme = .none } }
            _ = try await fixture.addSource("open") { $0.scheme = .none; $0.insecure = true }
            try await fixture.withReceiver { client in
                var headers = HTTPFields()
                headers[.contentType] = "application/json"
                let (status, _, _) = try await client.hook("open", body, headers: headers)
                #expect(status == .accepted)
                let external = try await db.scalar("SELECT external_id FROM webhook_events", as: String.self)
                #expect(external.hasPrefix("sha256:"))
            }
        }
    }
}
