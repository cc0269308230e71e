import AsyncHTTPClient
import Foundation

/// One `/metrics` answer parsed into samples keyed by `name{labels}` as printed, with the names that have `# HELP`.
struct ScrapedMetrics {
    let text: String
    let samples: [String: Double]
    let helped: Set<String>

    init(_ text: String) {
        self.text = text
        var samples: [String: Double] = [:]
        var helped: Set<String> = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# HELP ") {
                helped.insert(String(line.dropFirst(7).prefix { $0 != " " }))
            } else if !line.hasPrefix("#"), let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) {
                samples[String(line[..<space])] = value
            }
        }
        self.samples = samples
        self.helped = helped
    }

    subscript(_ series: String) -> Double? { samples[series] }

    /// Whether any series of metric `name` is present.
    func has(_ name: String) -> Bool {
        samples.keys.contains { $0 == name || $0.hasPrefix(name + "{") }
    }

    static func scrape(port: Int) async throws -> ScrapedMetrics {
        let request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 4 << 20)
        return ScrapedMetrics(String(buffer: body))
    }
}
