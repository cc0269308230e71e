import ArgumentParser
import Common
import Egress
import Outbound
import PostgresNIO
import Queue
import Webhooks
import Worker

/// `sluice-worker`: claims and runs jobs; serves health and metrics on its port.
@main
struct SluiceWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sluice-worker", abstract: "Sluice job worker.")

    @OptionGroup var options: CommonOptions
    @Option(help: "Comma-separated queues to work (SLUICE_WORKER_QUEUES).") var queues: String?
    @Option(help: "Jobs run at once (SLUICE_WORKER_CONCURRENCY).") var concurrency: Int?
    @Option(name: .customLong("batch-size"), help: "Most jobs claimed per statement (SLUICE_WORKER_BATCH_SIZE).") var batchSize: Int?
    @Option(name: .customLong("poll-interval"), help: "Seconds between polls when idle (SLUICE_WORKER_POLL_INTERVAL).") var pollInterval: Double?
    @Option(help: "Lease seconds (SLUICE_WORKER_LEASE).") var lease: Double?
    @Option(name: .customLong("shutdown-grace"), help: "Seconds running jobs get on SIGTERM (SLUICE_WORKER_SHUTDOWN_GRACE).") var shutdownGrace: Double?
    @Flag(name: .customLong("poll-only"), help: "Do not LISTEN; poll only (SLUICE_WORKER_LISTEN=false).") var pollOnly = false

    func run() async throws {
        let (settings, logger) = options.launch(service: "sluice-worker", defaultPort: 8082)
        var environment = options.environment()
        let overrides: [(String, String?)] = [
            ("SLUICE_WORKER_QUEUES", queues),
            ("SLUICE_WORKER_CONCURRENCY", concurrency.map { String($0) }),
            ("SLUICE_WORKER_BATCH_SIZE", batchSize.map { String($0) }),
            ("SLUICE_WORKER_POLL_INTERVAL", pollInterval.map { String($0) }),
            ("SLUICE_WORKER_LEASE", lease.map { String($0) }),
            ("SLUICE_WORKER_SHUTDOWN_GRACE", shutdownGrace.map { String($0) }),
            ("SLUICE_WORKER_LISTEN", pollOnly ? "false" : nil),
        ]
        for case let (name, value?) in overrides { environment.values[name] = value }
        let workerConfiguration = CommonOptions.orExit { () throws(ConfigurationError) in try WorkerConfiguration.from(environment: environment) }
        let client = PostgresClient(settings: settings.database, maximumConnections: 10, logger: logger)
        let queue = JobQueue(client: client, settings: settings, logger: logger)
        let egressSettings = CommonOptions.orExit { () throws(ConfigurationError) in
            try EgressSettings.from(environment: environment, defaultConnectionsPerHost: workerConfiguration.concurrency)
        }
        let egress = EgressClient(settings: egressSettings, logger: logger)
        var handlers = HandlerRegistry.builtins(egress: egress)
        var outbound: OutboundDelivery?
        if environment["SLUICE_SECRET_KEY"] == nil {
            logger.warning("SLUICE_SECRET_KEY is not set: inbound webhook events will not be processed by this worker")
        } else {
            let box = CommonOptions.orExit { () throws(ConfigurationError) in try SecretBox(environment: environment) }
            handlers.registerWebhooks(queue: queue, box: box, egress: egress)
            let deliverySettings = CommonOptions.orExit { () throws(ConfigurationError) in try DeliverySettings.from(environment: environment) }
            let delivery = OutboundDelivery(queue: queue, box: box, egress: egress, settings: deliverySettings, logger: logger)
            handlers.registerOutbound(delivery)
            outbound = delivery
        }
        let periodicSettings = CommonOptions.orExit { () throws(ConfigurationError) in try PeriodicSettings.from(environment: environment) }
        let scheduler = PeriodicScheduler(jobs: PeriodicJobs(queue: queue), declared: handlers.periodicJobs, settings: periodicSettings)
        let worker = Worker(
            queue: queue,
            handlers: handlers,
            configuration: workerConfiguration,
            logger: logger
        )
        // The worker comes after the services its jobs send through, so it is shut down (its jobs finished) first.
        let app = buildServiceApplication(
            name: "sluice-worker", settings: settings, client: client, logger: logger, services: [egress] + (outbound?.services ?? []) + [scheduler, worker]
        )
        try await app.runService()
    }
}
