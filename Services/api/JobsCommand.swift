import ArgumentParser
import Common
import Foundation
import Queue

/// `sluice-api jobs bulk ACTION [filter]`: retry, cancel or delete jobs by filter, as `POST /v1/jobs/bulk` does
/// (with `--dlq`, requeue or delete dead letters as `POST /v1/dlq/bulk`). Writes one audit row per call.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "jobs", abstract: "Act on jobs in bulk.", subcommands: [Bulk.self])

    struct Bulk: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Retry, cancel or delete every job matching a filter (at most 100,000 per call); --dry-run counts only."
        )

        @OptionGroup var options: CommonOptions
        @Argument(help: "retry, cancel or delete; with --dlq: requeue or delete.") var action: String
        @Flag(help: "Act on the dead-letter queue (discarded jobs).") var dlq = false
        @Option(help: "Job state.") var state: String?
        @Option(help: "Queue.") var queue: String?
        @Option(help: "Kind.") var kind: String?
        @Option(help: "Tag.") var tag: String?
        @Option(name: .customLong("created-after"), help: "RFC 3339 moment.") var createdAfter: String?
        @Option(name: .customLong("created-before"), help: "RFC 3339 moment.") var createdBefore: String?
        @Option(name: .customLong("finished-after"), help: "RFC 3339 moment.") var finishedAfter: String?
        @Option(name: .customLong("finished-before"), help: "RFC 3339 moment.") var finishedBefore: String?
        @Option(name: .customLong("error-contains"), help: "Text in an attempt's error (any case).") var errorContains: String?
        @Option(name: .customLong("id"), help: "A job id; repeat for several.") var ids: [Int64] = []
        @Flag(name: .customLong("keep-attempts"), help: "--dlq requeue: one more attempt instead of a full reset.") var keepAttempts = false
        @Flag(name: .customLong("dry-run"), help: "Only count the matching jobs.") var dryRun = false

        func run() async throws {
            let bulkAction = try resolvedAction()
            var filter = JobFilter(queue: queue, kind: kind, tag: tag, errorContains: errorContains, ids: ids.isEmpty ? nil : ids)
            if let state {
                guard let parsed = JobState(rawValue: state) else { throw ValidationError("--state must be one of \(JobState.allCases.map(\.rawValue))") }
                filter.state = parsed
            }
            filter.createdAfter = try Self.moment(createdAfter, "--created-after")
            filter.createdBefore = try Self.moment(createdBefore, "--created-before")
            filter.finishedAfter = try Self.moment(finishedAfter, "--finished-after")
            filter.finishedBefore = try Self.moment(finishedBefore, "--finished-before")
            let audit = "\(dlq ? "dlq" : "job").bulk_\(action)"
            try await OperatorContext.run(options) { context in
                let report = try await context.queue.bulk(bulkAction, filter: filter, dryRun: dryRun)
                let payload: [String: Any] = [
                    "arguments": CommandLine.arguments.dropFirst(3).joined(separator: " "), "dry_run": dryRun,
                    "matched": report.matched, "affected": report.affected, "capped": report.capped,
                ]
                let json = try SortedJSON.string(payload)
                try await context.client.withConnection { connection in
                    try await AuditTrail.insert(on: connection, actor: .system("sluice-api jobs bulk"), action: audit, resourceType: "job",
                                                resourceID: nil, payloadJSON: json, logger: context.logger)
                }
                let verb = dryRun ? "would \(action)" : "\(action): \(report.affected) affected of"
                print("\(verb) \(report.matched) matching job(s)\(report.capped ? " (capped at \(JobQueue.bulkCap); run again for the rest)" : "")")
            }
        }

        func resolvedAction() throws -> BulkAction {
            switch (dlq, action) {
            case (false, "retry"): .retryFinished
            case (false, "cancel"): .cancel
            case (false, "delete"): .deleteJobs
            case (true, "requeue"): .requeueDiscarded(resetAttempts: !keepAttempts)
            case (true, "delete"): .deleteDiscarded
            default: throw ValidationError(dlq ? "with --dlq the action is requeue or delete" : "the action is retry, cancel or delete")
            }
        }

        static func moment(_ text: String?, _ flag: String) throws -> Date? {
            guard let text else { return nil }
            guard let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) else { throw ValidationError("\(flag) must be an RFC 3339 moment") }
            return date
        }
    }
}
