import ArgumentParser
import Common
import Foundation
import Webhooks

/// `sluice-api events replay ID`: re-run a stored inbound event's routes.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "events", abstract: "Inbound events.", subcommands: [Replay.self])

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Process a stored event again.")

        @OptionGroup var options: CommonOptions
        @Argument var id: Int64

        func run() async throws {
            try await OperatorContext.run(options) { context in
                guard try await context.events.replay(id) else {
                    FileHandle.standardError.write(Data("error: no event \(id)\n".utf8))
                    throw ExitCode(1)
                }
                print("event \(id) queued for processing")
            }
        }
    }
}
