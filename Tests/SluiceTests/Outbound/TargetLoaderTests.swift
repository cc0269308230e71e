import Foundation
import Outbound
import Testing

/// The deliveries a claim starts read their targets together (`TargetLoader`): each must still get its own message,
/// and an endpoint whose secret does not open fails only its own deliveries.
@Suite struct TargetLoaderTests {
    @Test func deliveriesStartedTogetherEachGetTheirOwnTarget() async throws {
        let partner = PartnerServer()
        try await partner.run { base in
            try await TestDatabase.with { db in
                let fixture = OutboundFixture(db: db)
                let app = try await fixture.application()
                _ = try await fixture.endpoint(app, url: "\(base)/good")
                let (broken, _) = try await fixture.endpoint(app, url: "\(base)/broken")
                try await db.execute("UPDATE endpoint_secrets SET ciphertext = '\\x00010203'::bytea WHERE endpoint_id = \(broken.id)")
                var payloads: Set<String> = []
                for n in 1...100 {
                    let payload = #"{"n":\#(n)}"#
                    try await fixture.publish(app, payload: payload)
                    payloads.insert(payload)
                }
                try await fixture.withDelivery(configure: { $0.batchSize = 200; $0.concurrency = 200 }) {
                    try await poll("the good endpoint's deliveries to succeed and the broken one's to fail") {
                        let succeeded = try await db.scalar("SELECT count(*) FROM deliveries WHERE status = 'succeeded'", as: Int.self)
                        let failed = try await db.scalar("SELECT count(*) FROM jobs WHERE state = 'retryable'", as: Int.self)
                        return succeeded == 100 && failed == 100
                    }
                }
                let received = partner.requests("/good").map { String(decoding: $0.body, as: UTF8.self) }
                #expect(received.count == 100)
                #expect(Set(received) == payloads)
                #expect(partner.requests("/broken").isEmpty)
                let unsent = try await db.scalar(
                    "SELECT count(*) FROM deliveries WHERE endpoint_id = \(broken.id) AND status = 'pending' AND attempts = 0", as: Int.self
                )
                #expect(unsent == 100)
            }
        }
    }
}
