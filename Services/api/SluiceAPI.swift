import ArgumentParser
import Common

/// `sluice-api`: the admin API (`serve`, the default) and operator commands (`migrate`, `probe` for health checks).
@main
struct SluiceAPI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice-api",
        abstract: "Sluice admin API and operator commands.",
        subcommands: [
            Serve.self, Migrate.self, Bootstrap.self, SourcesCommand.self, RoutesCommand.self, EventsCommand.self, QueuesCommand.self,
            PeriodicCommand.self, JobsCommand.self, Probe.self,
        ],
        defaultSubcommand: Serve.self
    )
}
