import Foundation
import Prometheus
import Synchronization

/// Prometheus' standard process metrics (the names client_golang and client_java use), read from `/proc` at each
/// scrape. Where `/proc` is missing (macOS) nothing is read and the metrics stay at zero.
public final class ProcessMetrics: Sendable {
    /// One per process: the CPU counter is raised by what was spent since the previous read.
    public static let shared = ProcessMetrics()

    private let residentMemory = MetricsSetup.gauge("process_resident_memory_bytes", help: "Resident memory size in bytes.")
    private let virtualMemory = MetricsSetup.gauge("process_virtual_memory_bytes", help: "Virtual memory size in bytes.")
    private let cpuSeconds = MetricsSetup.counter("process_cpu_seconds_total", help: "Total user and system CPU time spent in seconds.")
    private let openFDs = MetricsSetup.gauge("process_open_fds", help: "Number of open file descriptors.")
    private let maxFDs = MetricsSetup.gauge("process_max_fds", help: "Maximum number of open file descriptors (soft limit).")
    private let startTime = MetricsSetup.gauge("process_start_time_seconds", help: "Start time of the process since the Unix epoch in seconds.")
    private let cpuSeen = Mutex<Double>(0)

    private static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
    private static let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))

    /// Reads `/proc/self` and sets the metrics; a `beforeScrape` hook.
    public func update() {
        if let stat = Self.statFields() {
            // Fields 14, 15 (utime, stime), 22 (starttime, ticks since boot), 23 (vsize, bytes), 24 (rss, pages);
            // `stat` starts at field 3, after the command name.
            let cpu = ((Double(stat[11]) ?? 0) + (Double(stat[12]) ?? 0)) / Self.ticksPerSecond
            cpuSeconds.increment(by: cpuSeen.withLock { seen in
                defer { seen = max(seen, cpu) }
                return max(0, cpu - seen)
            })
            virtualMemory.set(Double(stat[20]) ?? 0)
            residentMemory.set((Double(stat[21]) ?? 0) * Self.pageSize)
            if let bootTime = Self.bootTime, let ticks = Double(stat[19]) {
                startTime.set(bootTime + ticks / Self.ticksPerSecond)
            }
        }
        if let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            openFDs.set(Double(fds.count))
        }
        if let limit = Self.openFilesLimit { maxFDs.set(limit) }
    }

    /// `/proc/self/stat` from field 3 on: the command name (field 2) may hold spaces and parentheses.
    private static func statFields() -> [Substring]? {
        guard let text = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8), let end = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: end)...].split(separator: " ")
        return fields.count > 21 ? fields : nil
    }

    /// The soft limit of `Max open files` in `/proc/self/limits`.
    private static var openFilesLimit: Double? {
        guard let text = try? String(contentsOfFile: "/proc/self/limits", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Max open files") })
        else { return nil }
        return line.dropFirst("Max open files".count).split(separator: " ").first.flatMap { Double($0) }
    }

    /// Unix time of the boot (`btime` in `/proc/stat`), which `starttime` counts from; read once.
    private static let bootTime: Double? = {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
        return text.split(separator: "\n").first { $0.hasPrefix("btime ") }.flatMap { Double($0.dropFirst(6)) }
    }()
}
