import AsyncHTTPClient
import Foundation
import Testing

/// One `/metrics` answer parsed into samples keyed by `name{labels}` as printed, with the names that have `# HELP`
/// and the type of each family (`# TYPE`).
struct ScrapedMetrics {
    let text: String
    let samples: [String: Double]
    let helped: Set<String>
    let types: [String: String]

    init(_ text: String) {
        self.text = text
        var samples: [String: Double] = [:]
        var helped: Set<String> = []
        var types: [String: String] = [:]
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# HELP ") {
                helped.insert(String(line.dropFirst(7).prefix { $0 != " " }))
            } else if line.hasPrefix("# TYPE ") {
                let parts = line.dropFirst(7).split(separator: " ")
                if parts.count == 2 { types[String(parts[0])] = String(parts[1]) }
            } else if !line.hasPrefix("#"), let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) {
                samples[String(line[..<space])] = value
            }
        }
        self.samples = samples
        self.helped = helped
        self.types = types
    }

    subscript(_ series: String) -> Double? { samples[series] }

    /// Whether any series of metric `name` is present.
    func has(_ name: String) -> Bool {
        samples.keys.contains { $0 == name || $0.hasPrefix(name + "{") }
    }

    /// The family each sample belongs to (a histogram's `_bucket`, `_sum` and `_count` belong to the histogram).
    var families: Set<String> {
        Set(samples.keys.map { key in
            let name = String(key.prefix { $0 != "{" })
            for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
                let base = String(name.dropLast(suffix.count))
                if types[base] == "histogram" { return base }
            }
            return name
        })
    }

    /// Families printed without a `# HELP` line.
    var unhelped: [String] { families.filter { !helped.contains($0) }.sorted() }

    /// Every standard `process_*` metric is there with a value a live process can have.
    func expectPlausibleProcessMetrics(sourceLocation: SourceLocation = #_sourceLocation) {
        let resident = self["process_resident_memory_bytes"] ?? 0
        #expect(resident > 1_000_000, "resident memory \(resident)", sourceLocation: sourceLocation)
        #expect((self["process_virtual_memory_bytes"] ?? 0) >= resident, sourceLocation: sourceLocation)
        #expect((self["process_cpu_seconds_total"] ?? 0) > 0, sourceLocation: sourceLocation)
        let open = self["process_open_fds"] ?? 0
        #expect(open >= 3, "open fds \(open)", sourceLocation: sourceLocation)
        #expect((self["process_max_fds"] ?? 0) >= open, sourceLocation: sourceLocation)
        let started = self["process_start_time_seconds"] ?? 0
        let now = Date().timeIntervalSince1970
        #expect(started > now - 600 && started <= now + 1, "start time \(started)", sourceLocation: sourceLocation)
        #expect(types["process_cpu_seconds_total"] == "counter", sourceLocation: sourceLocation)
    }

    static func scrape(port: Int) async throws -> ScrapedMetrics {
        let request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 4 << 20)
        return ScrapedMetrics(String(buffer: body))
    }
}
