import Queue

/// A handler that also declares periodic jobs of its kind: each worker upserts them when it starts (an operator's
/// `enabled` choice is kept), and they are managed like any other definition.
///
/// ```swift
/// struct Cleanup: PeriodicJobHandler {
///     let kind = "cleanup"
///     var periodic: [PeriodicJob] { [PeriodicJob(name: "nightly-cleanup", cron: "30 2 * * *", timeZone: "Europe/Berlin", kind: kind)] }
///     func run(_ job: JobContext) async throws { ... }
/// }
/// ```
public protocol PeriodicJobHandler: JobHandler {
    var periodic: [PeriodicJob] { get }
}

extension HandlerRegistry {
    /// The periodic jobs the registered handlers declare, by name.
    public var periodicJobs: [PeriodicJob] {
        kinds.compactMap { handler(for: $0) as? any PeriodicJobHandler }.flatMap(\.periodic).sorted { $0.name < $1.name }
    }
}
