import Foundation
import HTTPTypes
import PostgresNIO
import Testing
import Webhooks

/// The receiver answers 503 while the database refuses it, and 202 again once it is back, without a restart.
/// The outage is real from the receiver's side: its login role is locked and its connections are killed.
@Suite struct DatabaseOutageTests {
    @Test func answers503WhileTheDatabaseIsDownAnd202OnceItIsBack() async throws {
        try await TestDatabase.with { db in
            let fixture = WebhookFixture(db: db)
            let secret = try await fixture.addSource()
            let role = "r_\(db.schema)"
            try await db.execute(PostgresQuery(unsafeSQL: "CREATE ROLE \(role) LOGIN SUPERUSER"))
            var url = try #require(URLComponents(string: db.url))
            url.user = role
            url.password = nil
            let body = #"{"type":"ping"}"#
            try await fixture.withReceiver(databaseURL: url.string) { client in
                #expect(try await client.hook("shop", body, headers: try WebhookFixture.signed(body, secret: secret)).0 == .accepted)

                try await db.execute(PostgresQuery(unsafeSQL: "ALTER ROLE \(role) NOLOGIN"))
                try await db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = \(role)")
                let (down, json, headers) = try await client.hook("shop", body, headers: try WebhookFixture.signed(body, secret: secret))
                #expect(down == .serviceUnavailable)
                #expect(headers[.retryAfter] != nil)
                #expect((json["error"] as? [String: Any])?["code"] as? String == "database_unavailable")

                try await db.execute(PostgresQuery(unsafeSQL: "ALTER ROLE \(role) LOGIN"))
                try await poll("the receiver to store events again", timeout: .seconds(90), every: .milliseconds(500)) {
                    try await client.hook("shop", body, headers: try WebhookFixture.signed(body, secret: secret)).0 == .accepted
                }
            }
            try await db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = \(role)")
            try await db.execute(PostgresQuery(unsafeSQL: "DROP ROLE \(role)"))
            #expect(try await fixture.count("webhook_events") == 2)
        }
    }
}
