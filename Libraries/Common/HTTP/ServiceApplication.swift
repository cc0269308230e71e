import Hummingbird
import Logging
import PostgresNIO
import ServiceLifecycle

/// Builds a Sluice HTTP service: request ids, metrics, the error envelope and the health routes, plus the
/// service's own routes. `services` run beside the server; the database client is started first and stopped last.
/// A `SchemaCheck` stops the service at start when its connections do not use `SLUICE_DB_SCHEMA`.
public func buildServiceApplication<Context: RequestContext>(
    name: String,
    settings: ServiceSettings,
    client: PostgresClient,
    logger: Logger,
    context: Context.Type,
    services: [any Service] = [],
    beforeScrape: [@Sendable () -> Void] = [],
    routes: (Router<Context>) -> Void
) -> some ApplicationProtocol where Context: InitializableFromSource<ApplicationRequestContextSource> {
    let router = Router(context: Context.self)
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: RequestMetricsMiddleware())
    router.add(middleware: ErrorEnvelopeMiddleware())
    router.add(middleware: NULGuardMiddleware())
    HealthRoutes(probe: DatabaseProbe(client: client), registry: MetricsSetup.registry, beforeScrape: [ProcessMetrics.shared.update] + beforeScrape)
        .add(to: router)
    routes(router)
    router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes.map { ("\($0.path)", $0.method.rawValue) }))
    return Application(
        router: router,
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: name),
        services: [client, HeapTrimmer(), SchemaCheck(client: client, settings: settings.database, logger: logger)] + services,
        logger: logger
    )
}

/// `buildServiceApplication` with Hummingbird's basic request context.
public func buildServiceApplication(
    name: String,
    settings: ServiceSettings,
    client: PostgresClient,
    logger: Logger,
    services: [any Service] = [],
    beforeScrape: [@Sendable () -> Void] = [],
    routes: (Router<BasicRequestContext>) -> Void = { _ in }
) -> some ApplicationProtocol {
    buildServiceApplication(
        name: name, settings: settings, client: client, logger: logger, context: BasicRequestContext.self, services: services,
        beforeScrape: beforeScrape,
        routes: routes
    )
}
