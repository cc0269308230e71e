import Admin
import Foundation
import Testing

/// The API reads timestamps exactly as the OpenAPI document's pattern allows them, never rolling a field over.
@Suite struct ISO8601Tests {
    static let readable: [(text: String, secondsSince1970: Double)] = [
        ("2026-01-31T12:00:00Z", 1_769_860_800),
        ("2026-01-31T13:30:00+01:30", 1_769_860_800),
        ("2026-01-31T00:00:00-12:00", 1_769_860_800),
        ("2024-02-29T00:00:00.5Z", 1_709_164_800.5),
        ("1900-01-01T00:00:00Z", -2_208_988_800),
        ("2999-12-31T23:59:59.999999999+18:00", 32_503_615_199.999999999),
    ]

    @Test(arguments: readable)
    func readsWhatTheDocumentAllows(text: String, secondsSince1970: Double) throws {
        let date = try #require(ISO8601.parse(text))
        #expect(abs(date.timeIntervalSince1970 - secondsSince1970) < 0.000_01)
    }

    @Test(arguments: [
        "2024-01-01T12:99:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:00:60Z", "2025-02-29T00:00:00Z", "2024-04-31T00:00:00Z",
        "2024-13-01T00:00:00Z", "1899-12-31T23:59:59Z", "3000-01-01T00:00:00Z", "2024-01-01t00:00:00z", "2024-01-01T00:00:00",
        "2024-01-01T00:00:00+18:01", "2024-01-01T00:00:00+0100", "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00.1234567890Z",
        "2024-01-01 00:00:00Z", "+2024-01-01T00:00:00Z", "2024-01-01T00:00:00ZZ", "２０２４-01-01T00:00:00Z",
    ])
    func refusesWhatItDoesNot(text: String) {
        #expect(ISO8601.parse(text) == nil)
    }

    @Test func formatsWhatItReads() throws {
        let date = try #require(ISO8601.parse("2026-06-30T08:15:42.125+02:00"))
        #expect(ISO8601.format(date) == "2026-06-30T06:15:42.125Z")
        #expect(ISO8601.parse(ISO8601.format(date)) == date)
    }
}
