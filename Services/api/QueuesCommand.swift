import ArgumentParser
import Common
import Queue

/// `sluice-api queues list|pause|resume|limit`: what the queues hold and their run-time controls.
struct QueuesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queues",
        abstract: "Inspect queues; pause, resume and limit them.",
        subcommands: [List.self, Pause.self, Resume.self, Limit.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Each queue: due jobs, running jobs, oldest due age, paused, limits.")

        @OptionGroup var options: CommonOptions

        func run() async throws {
            try await OperatorContext.run(options) { context in
                print("queue\tdepth\trunning\toldest_due_s\tpaused\tpaused_kinds\tlimit\tkind_limits")
                for queue in try await context.queue.queueSummaries() {
                    let oldest = queue.oldestDueAgeSeconds.map { String(Int($0)) } ?? "-"
                    let kindLimits = queue.kindLimits.keys.sorted().map { "\($0)=\(queue.kindLimits[$0]!)" }.joined(separator: ",")
                    print(
                        "\(queue.queue)\t\(queue.depth)\t\(queue.running)\t\(oldest)\t\(queue.paused)\t\(queue.pausedKinds.joined(separator: ","))\t"
                            + "\(queue.limit.map(String.init) ?? "-")\t\(kindLimits)"
                    )
                }
            }
        }
    }

    /// The queue, or one kind within it, that a command acts on.
    struct Target: ParsableArguments {
        @Argument var queue: String
        @Option(help: "Only this kind within the queue.") var kind: String?

        var label: String { queue + (kind.map { " kind \($0)" } ?? "") }
    }

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop claiming a queue's jobs (or one kind's); running jobs finish.")

        @OptionGroup var options: CommonOptions
        @OptionGroup var target: Target

        func run() async throws {
            try await OperatorContext.run(options) { context in
                try await context.queue.pause(queue: target.queue, kind: target.kind)
                print("paused \(target.label)")
            }
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Claim a paused queue's (or kind's) jobs again.")

        @OptionGroup var options: CommonOptions
        @OptionGroup var target: Target

        func run() async throws {
            try await OperatorContext.run(options) { context in
                try await context.queue.resume(queue: target.queue, kind: target.kind)
                print("resumed \(target.label)")
            }
        }
    }

    struct Limit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set (--max) or remove (--remove) the most jobs of a queue or kind running at once.")

        @OptionGroup var options: CommonOptions
        @OptionGroup var target: Target
        @Option(help: "Most jobs running at once across all workers.") var max: Int?
        @Flag(help: "Remove the limit.") var remove = false

        func validate() throws {
            guard (max != nil) != remove else { throw ValidationError("give either --max N or --remove") }
        }

        func run() async throws {
            try await OperatorContext.run(options) { context in
                if let max {
                    try await context.queue.setLimit(queue: target.queue, kind: target.kind, maxRunning: max)
                    print("limited \(target.label) to \(max) running jobs")
                } else {
                    try await context.queue.removeLimit(queue: target.queue, kind: target.kind)
                    print("removed the limit of \(target.label)")
                }
            }
        }
    }
}
