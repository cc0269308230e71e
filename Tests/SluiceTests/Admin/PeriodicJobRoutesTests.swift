import Admin
import Foundation
import HTTPTypes
import Queue
import Testing

@Suite struct PeriodicJobRoutesTests {
    @Test func createListChangeSwitchAndDeleteWithAuditRows() async throws {
        try await TestDatabase.with { db in
            let fixture = AdminFixture(db: db)
            let admin = try await fixture.key(.admin)
            let viewer = try await fixture.key(.viewer)
            try await fixture.withAPI { client in
                let body = #"{"name":"nightly","cron":"30 2 * * *","time_zone":"Europe/Berlin","kind":"cleanup","payload":{"days":30},"catch_up":"one"}"#
                let (status, json, _) = try await client.api(.post, "/v1/periodic-jobs", key: admin, body: body)
                #expect(status == .created, "\(String(describing: json))")
                let created = try #require(json as? [String: Any])
                #expect(created["catch_up"] as? String == "one")
                #expect(created["queue"] as? String == "default")
                #expect((created["payload"] as? [String: Any])?["days"] as? Int == 30)
                let nextText = try #require(created["next_run_at"] as? String)
                let next = try #require(ISO8601.parse(nextText))
                #expect(next > .now && next < Date.now.addingTimeInterval(86_400 + 3600))
                #expect(created["last_run_at"] is NSNull)

                #expect(try await client.api(.post, "/v1/periodic-jobs", key: admin, body: body).0 == .conflict)
                #expect(try await client.api(.post, "/v1/periodic-jobs", key: viewer, body: body).0 == .forbidden)
                let listed = try await client.api(.get, "/v1/periodic-jobs", key: viewer)
                #expect(((listed.1 as? [String: Any])?["data"] as? [[String: Any]])?.first?["name"] as? String == "nightly")

                let patched = try await client.api(.patch, "/v1/periodic-jobs/nightly", key: admin, body: #"{"cron":"0 * * * * *","priority":5}"#)
                #expect(patched.0 == .ok)
                #expect((patched.1 as? [String: Any])?["priority"] as? Int == 5)
                #expect((patched.1 as? [String: Any])?["time_zone"] as? String == "Europe/Berlin", "fields not given stay")
                let soonText = try #require((patched.1 as? [String: Any])?["next_run_at"] as? String)
                let soon = try #require(ISO8601.parse(soonText))
                #expect(soon <= Date.now.addingTimeInterval(61))

                let disabled = try await client.api(.post, "/v1/periodic-jobs/nightly/disable", key: admin)
                #expect((disabled.1 as? [String: Any])?["enabled"] as? Bool == false)
                #expect((disabled.1 as? [String: Any])?["next_run_at"] is NSNull)
                let enabled = try await client.api(.post, "/v1/periodic-jobs/nightly/enable", key: admin)
                #expect((enabled.1 as? [String: Any])?["next_run_at"] is String)
                #expect(try await client.api(.delete, "/v1/periodic-jobs/nightly", key: admin).0 == .noContent)
                #expect(try await client.api(.get, "/v1/periodic-jobs/nightly", key: admin).0 == .notFound)
                let actions = try await db.client.query("SELECT action FROM audit_log ORDER BY id", logger: db.logger)
                    .decode(String.self).reduce(into: [String]()) { $0.append($1) }
                #expect(actions == ["periodic_job.create", "periodic_job.update", "periodic_job.disable", "periodic_job.enable", "periodic_job.delete"])
            }
        }
    }

    @Test func badDefinitionsAreRefusedNamingTheField() async throws {
        try await TestDatabase.with { db in
            let fixture = AdminFixture(db: db)
            let admin = try await fixture.key(.admin)
            try await fixture.withAPI { client in
                let cases: [(String, String)] = [
                    (#"{"cron":"* * * * *","kind":"noop"}"#, "name"),
                    (#"{"name":"a","cron":"61 * * * *","kind":"noop"}"#, "cron"),
                    (#"{"name":"a","cron":"* * * * *","kind":"noop","time_zone":"Nowhere/Else"}"#, "time_zone"),
                    (#"{"name":"a","cron":"* * * * *","kind":"noop","payload":[1]}"#, "payload"),
                    (#"{"name":"a","cron":"* * * * *","kind":"noop","catch_up":"all"}"#, "catch_up"),
                    (#"{"name":"A b","cron":"* * * * *","kind":"noop"}"#, "name"),
                ]
                for (body, field) in cases {
                    let (status, json, _) = try await client.api(.post, "/v1/periodic-jobs", key: admin, body: body)
                    #expect(status == .badRequest, "\(body)")
                    let message = ((json as? [String: Any])?["error"] as? [String: Any])?["message"] as? String
                    #expect(message?.hasPrefix(field + " ") == true, "\(body): \(String(describing: message))")
                }
                #expect(try await db.scalar("SELECT count(*) FROM periodic_jobs", as: Int.self) == 0)
                #expect(try await client.api(.patch, "/v1/periodic-jobs/none", key: admin, body: "{}").0 == .notFound)
            }
        }
    }
}
