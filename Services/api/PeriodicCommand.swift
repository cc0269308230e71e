import ArgumentParser
import Common
import Foundation
import Queue

/// `sluice-api periodic add|list|enable|disable|remove`: manage periodic (cron) jobs.
struct PeriodicCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "periodic",
        abstract: "Manage periodic (cron) jobs.",
        subcommands: [Add.self, List.self, Enable.self, Disable.self, Remove.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a periodic job; prints its next run.")

        @OptionGroup var options: CommonOptions
        @Argument(help: "Name, 1-64 of a-z 0-9 _ - .") var name: String
        @Option(help: "Cron expression: 5 fields, or 6 with seconds first (quote it).") var cron: String
        @Option(help: "Job kind to enqueue at each tick.") var kind: String
        @Option(name: .customLong("time-zone"), help: "IANA time zone the cron is read in.") var timeZone = "UTC"
        @Option(help: "Queue of the jobs.") var queue = NewJob.defaultQueue
        @Option(help: "Payload of the jobs, a JSON object.") var payload = "{}"
        @Option(help: "Priority of the jobs (lower runs first).") var priority = 0
        @Option(name: .customLong("max-attempts"), help: "Attempts of each job.") var maxAttempts = NewJob.defaultMaxAttempts
        @Option(name: .customLong("catch-up"), help: "After downtime: skip missed ticks, or enqueue one.") var catchUp = "skip"
        @Flag(help: "Add it disabled.") var disabled = false

        func run() async throws {
            guard let policy = PeriodicJob.CatchUp(rawValue: catchUp) else { throw ValidationError("--catch-up must be skip or one") }
            let job = PeriodicJob(name: name, cron: cron, timeZone: timeZone, kind: kind, queue: queue, payload: payload, priority: priority,
                                  maxAttempts: maxAttempts, enabled: !disabled, catchUp: policy)
            try await OperatorContext.run(options) { context in
                print(PeriodicCommand.line(try await context.periodic.add(job)))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List periodic jobs with their next run.")

        @OptionGroup var options: CommonOptions

        func run() async throws {
            try await OperatorContext.run(options) { context in
                for record in try await context.periodic.list() { print(PeriodicCommand.line(record)) }
            }
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a periodic job; its schedule resumes from now.")

        @OptionGroup var options: CommonOptions
        @Argument var name: String

        func run() async throws {
            try await OperatorContext.run(options) { context in print(PeriodicCommand.line(try await context.periodic.setEnabled(name, true))) }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a periodic job: no more ticks until enabled.")

        @OptionGroup var options: CommonOptions
        @Argument var name: String

        func run() async throws {
            try await OperatorContext.run(options) { context in print(PeriodicCommand.line(try await context.periodic.setEnabled(name, false))) }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a periodic job (jobs it enqueued stay).")

        @OptionGroup var options: CommonOptions
        @Argument var name: String

        func run() async throws {
            try await OperatorContext.run(options) { context in
                try await context.periodic.remove(name)
                print("periodic job \(name) removed")
            }
        }
    }

    static func line(_ record: PeriodicJobRecord) -> String {
        let job = record.definition
        let next = record.nextRunAt.map { $0.formatted(Date.ISO8601FormatStyle()) } ?? "-"
        return "\(job.name)\t\(job.cron)\t\(job.timeZone)\t\(job.kind)@\(job.queue)\t\(job.enabled ? "enabled" : "disabled")\tcatch-up \(job.catchUp.rawValue)\tnext \(next)"
    }
}
