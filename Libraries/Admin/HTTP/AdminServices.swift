import Common
import Logging
import Outbound
import PostgresNIO
import Queue
import Webhooks

/// What the admin routes work with.
public struct AdminServices: Sendable {
    public let client: PostgresClient
    public let queue: JobQueue
    public let sources: SourceStore
    public let routes: RouteStore
    public let events: EventStore
    public let users: UserStore
    public let applications: ApplicationStore
    public let endpoints: EndpointStore
    public let messages: MessageStore
    /// Publishes without an `Idempotency-Key`, batched; runs as one of the API's services.
    public let publisher: MessagePublisher
    public let sessionSettings: SessionSettings
    public let sessions: SessionStore
    let passwords: PasswordHasher
    let invites: InviteStore
    let signInLimiter: SignInLimiter
    public let logger: Logger

    /// `queue`: the job queue on `client` as the service's settings configure it (its pool mode decides how the
    /// prepared statements of enqueue and publish are sent); its schema is the sources' too.
    public init(client: PostgresClient, queue: JobQueue, box: SecretBox, sessionSettings: SessionSettings = .init(), logger: Logger) {
        self.client = client
        self.queue = queue
        self.sources = SourceStore(client: client, schema: queue.schema, box: box, logger: logger)
        self.routes = RouteStore(client: client, box: box, logger: logger)
        self.events = EventStore(queue: queue)
        self.users = UserStore(logger: logger)
        self.applications = ApplicationStore(client: client, logger: logger)
        self.endpoints = EndpointStore(client: client, box: box, logger: logger)
        self.messages = MessageStore(queue: queue, logger: logger)
        self.publisher = MessagePublisher(messages: messages)
        self.sessionSettings = sessionSettings
        self.sessions = SessionStore(client: client, settings: sessionSettings, logger: logger)
        self.passwords = PasswordHasher(cost: sessionSettings.bcryptCost)
        self.invites = InviteStore(logger: logger)
        self.signInLimiter = SignInLimiter(settings: sessionSettings, logger: logger)
        self.logger = logger
    }

    /// Runs a mutation in one transaction; the body writes its audit row on the same connection.
    func mutation<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await client.transaction(logger: logger, body)
    }

    /// Runs reads on one pooled connection.
    func read<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await client.withConnection { connection in try await body(connection) }
    }
}
