import ArgumentParser

/// `sluice-bench`: the steps `Benchmarks/run` strings together (see docs/benchmarks.md). Each step reads the
/// database like the services do: `DATABASE_URL` and `SLUICE_DB_SCHEMA`, or `--database-url` and `--schema`.
/// Results go to stdout as `name=value` lines; logs and progress go to stderr.
@main
struct SluiceBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice-bench",
        abstract: "Sluice benchmark steps: prepare a schema, enqueue, seed history, wait for the drain, load the receiver and the outbound fan-out.",
        subcommands: [
            MigrateCommand.self, EnqueueCommand.self, SeedHistoryCommand.self, SettleCommand.self,
            WaitDrainedCommand.self, StatementsCommand.self, IngestCommand.self, SignCommand.self,
            SinkCommand.self, PublishCommand.self, DeliveredCommand.self, ScrapeCommand.self, BulkRetryCommand.self,
        ]
    )
}
