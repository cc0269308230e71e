import Common
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// The receiver's copy of its sources, so the hot path does not read them from the database on every request.
/// Entries (including "no such source") live for `ttl`; a NOTIFY from `SourceStore` drops one at once, where the
/// cache may `LISTEN` (`notifications`; without it a change takes effect within `ttl`).
public final class SourceCache: Service {
    private struct Entry {
        let source: ResolvedSource?
        let expires: ContinuousClock.Instant
    }

    let store: SourceStore
    let notifications: NotificationConnection?
    let ttl: Duration
    let logger: Logger
    private let entries = Mutex<[String: Entry]>([:])
    static let lookupTimeout: Duration = .seconds(2)

    public init(store: SourceStore, notifications: NotificationConnection?, ttl: Duration = .seconds(5), logger: Logger) {
        self.store = store
        self.notifications = notifications
        self.ttl = ttl
        self.logger = logger
    }

    /// Listens for source changes until shutdown.
    public func run() async throws {
        guard let notifications else { return try await gracefulShutdown() }
        await cancelWhenGracefulShutdown { await self.listen(on: notifications) }
    }

    /// The source named `name`, from the cache while fresh, else from the database within `lookupTimeout`.
    public func get(_ name: String) async throws -> ResolvedSource? {
        let now = ContinuousClock.now
        if let entry = entries.withLock({ $0[name] }), entry.expires > now { return entry.source }
        let source = try await withDeadline(Self.lookupTimeout) { [store] in try await store.resolve(name) }
        entries.withLock { $0[name] = Entry(source: source, expires: now + ttl) }
        return source
    }

    public func invalidate(_ name: String) {
        _ = entries.withLock { $0.removeValue(forKey: name) }
    }

    /// Listens for source changes until cancelled; after a lost connection everything cached is dropped.
    func listen(on connection: NotificationConnection) async {
        while !Task.isCancelled {
            do {
                try await connection.listen(on: store.channel, logger: logger) { notifications in
                    entries.withLock { $0.removeAll() }
                    for try await notification in notifications { invalidate(notification.payload) }
                }
            } catch {
                guard !Task.isCancelled else { return }
                logger.warning("source change listener lost its connection", metadata: ["error": "\(String(reflecting: error))"])
            }
            try? await Task.sleep(for: ttl)
        }
    }
}
