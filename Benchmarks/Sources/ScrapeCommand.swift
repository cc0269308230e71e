import ArgumentParser
import AsyncHTTPClient
import Foundation

/// `scrape --url http://127.0.0.1:9400 --refreshes 60`: scrapes a running `sluice-metrics` every `--every`
/// seconds until it has seen `--refreshes` new snapshots (the snapshot's age went down), and reports the refresh
/// durations the exporter published (`sluice_exporter_refresh_duration_seconds`, one per snapshot) and the time each
/// scrape took, p50 and p95, in milliseconds.
struct ScrapeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scrape", abstract: "Measure sluice-metrics' refreshes and scrapes.")

    @Option(help: "Base URL of sluice-metrics.") var url = "http://127.0.0.1:9400"
    @Option(help: "New snapshots to record.") var refreshes = 60
    @Option(help: "Seconds between two scrapes (shorter than the exporter's refresh interval).") var every = 0.1
    @Option(help: "Seconds to wait for all refreshes before giving up.") var timeout = 600.0

    func validate() throws {
        guard refreshes > 0, every > 0, timeout > 0 else { throw ValidationError("--refreshes, --every and --timeout must be positive") }
    }

    func run() async throws {
        var refreshDurations: [Double] = []
        var scrapeDurations: [Double] = []
        var lastAge = Double.infinity
        let deadline = ContinuousClock.now + .seconds(timeout)
        while refreshDurations.count < refreshes {
            guard ContinuousClock.now < deadline else { throw ValidationError("saw \(refreshDurations.count) of \(refreshes) refreshes before --timeout") }
            let start = ContinuousClock.now
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "\(url)/metrics"), timeout: .seconds(30))
            let text = String(buffer: try await response.body.collect(upTo: 64 << 20))
            scrapeDurations.append(BenchReport.seconds(.now - start))
            let age = Self.value("sluice_exporter_snapshot_age_seconds", in: text)
            if Self.value("sluice_database_up", in: text) == 1, let age, age < lastAge,
                let duration = Self.value("sluice_exporter_refresh_duration_seconds", in: text)
            {
                refreshDurations.append(duration)
            }
            lastAge = age ?? .infinity
            try await Task.sleep(for: .seconds(every))  // the scrape period
        }
        let refresh = refreshDurations.sorted()
        let scrape = scrapeDurations.sorted()
        BenchReport.emit([
            ("scrape_refreshes", "\(refresh.count)"), ("scrape_requests", "\(scrape.count)"),
            ("scrape_refresh_p50_ms", BenchReport.fixed(Tally.percentile(refresh, 0.5) * 1000, 1)),
            ("scrape_refresh_p95_ms", BenchReport.fixed(Tally.percentile(refresh, 0.95) * 1000, 1)),
            ("scrape_request_p50_ms", BenchReport.fixed(Tally.percentile(scrape, 0.5) * 1000, 2)),
            ("scrape_request_p95_ms", BenchReport.fixed(Tally.percentile(scrape, 0.95) * 1000, 2)),
        ])
    }

    /// The value of the unlabelled sample `name` in a Prometheus text answer.
    static func value(_ name: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }
}
