import Common
import MetricsExporter
import Testing

@Suite struct ExporterSettingsTests {
    @Test func defaultsAndOverrides() throws {
        #expect(try ExporterSettings(environment: Environment([:])) == ExporterSettings(refreshInterval: .seconds(5), exactLimit: 10_000))
        let settings = try ExporterSettings(environment: Environment(["SLUICE_METRICS_REFRESH": "0.5", "SLUICE_METRICS_EXACT_LIMIT": "2000"]))
        #expect(settings.refreshInterval == .milliseconds(500))
        #expect(settings.exactLimit == 2000)
    }

    @Test(arguments: [("SLUICE_METRICS_REFRESH", "0"), ("SLUICE_METRICS_REFRESH", "soon"), ("SLUICE_METRICS_EXACT_LIMIT", "10")])
    func rejectsBadValuesNamingTheVariable(variable: String, value: String) {
        #expect {
            try ExporterSettings(environment: Environment([variable: value]))
        } throws: { error in
            (error as? ConfigurationError)?.variable == variable
        }
    }

    @Test func processStopsAtStartOnABadRefresh() async throws {
        let exporter = try ServiceProcess("sluice-metrics", environment: ["SLUICE_METRICS_REFRESH": "-1", "HTTP_PORT": "0"])
        #expect(try await exporter.waitForExit() == 78)
        #expect(exporter.log.contains("SLUICE_METRICS_REFRESH"))
    }
}
