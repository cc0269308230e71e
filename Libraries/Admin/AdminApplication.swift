import Common
import Foundation
import Hummingbird
import Logging
import PostgresNIO
import Queue
import Webhooks

/// Builds `sluice-api`: health routes, `/openapi.yaml`, the authenticated `/v1` admin API and the web UI at `/ui/`.
public func buildAdminApplication(
    settings: ServiceSettings,
    box: SecretBox,
    legacyToken: String?,
    client: PostgresClient,
    sessions: SessionSettings = .init(),
    logger: Logger
) -> some ApplicationProtocol {
    let queue = JobQueue(client: client, settings: settings, logger: logger)
    let services = AdminServices(client: client, queue: queue, box: box, sessionSettings: sessions, logger: logger)
    let ui = UIAssets.bundled(logger: logger)
    return buildServiceApplication(
        name: "sluice-api", settings: settings, client: client, logger: logger, context: AdminContext.self, services: [services.publisher]
    ) { router in
        OpenAPIDocument.add(to: router)
        let authenticator = Authenticator(client: client, poolMode: queue.poolMode, legacyToken: legacyToken, logger: logger)
        let v1 = router.group("/v1").add(middleware: AuthMiddleware(authenticator: authenticator, sessions: services.sessions))
        AdminRoutes.add(to: v1, public: router.group("/v1"), services: services)
        UIRoutes(assets: ui).add(to: router.group("/ui").add(middleware: UISecurityHeadersMiddleware()))
    }
}

/// Every `/v1` resource, in one place so the OpenAPI test can compare them with the document. `open` holds the
/// routes that take no credentials (sign-in, accepting an invite).
enum AdminRoutes {
    static func add(to v1: RouterGroup<AdminContext>, public open: RouterGroup<AdminContext>, services: AdminServices) {
        SessionRoutes(services: services).add(to: v1, public: open)
        PasswordRoutes(services: services).add(to: v1, public: open)
        JobRoutes(services: services).add(to: v1)
        DLQRoutes(services: services).add(to: v1)
        BulkRoutes(services: services).add(to: v1)
        PeriodicJobRoutes(services: services).add(to: v1)
        SourceRoutes(services: services).add(to: v1)
        RouteRoutes(services: services).add(to: v1)
        EventRoutes(services: services).add(to: v1)
        UserRoutes(services: services).add(to: v1)
        KeyRoutes(services: services).add(to: v1)
        AuthRoutes(services: services).add(to: v1)
        AuditRoutes(services: services).add(to: v1)
        HealthDetailRoutes(services: services).add(to: v1)
        ApplicationRoutes(services: services).add(to: v1)
        EndpointRoutes(services: services).add(to: v1)
        MessageRoutes(services: services).add(to: v1)
        QueueRoutes(services: services).add(to: v1)
        JobLogRoutes(services: services).add(to: v1)
    }
}

/// The admin API's routes as the router has them (`GET /v1/jobs/{id}`), for checking them against the document.
public func adminRouteDescriptions(client: PostgresClient, box: SecretBox, logger: Logger) -> [String] {
    let router = Router(context: AdminContext.self)
    let v1 = router.group("/v1")
    AdminRoutes.add(to: v1, public: v1, services: AdminServices(
        client: client, queue: JobQueue(client: client, schema: "sluice", logger: logger), box: box, logger: logger
    ))
    return router.routes.map { "\($0.method) \($0.path)" }
}
