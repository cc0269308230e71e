import Common
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// 405 answers name in `Allow` the methods of the route the router resolves the path to, and no other.
@Suite struct MethodNotAllowedTests {
    static func application() -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: ErrorEnvelopeMiddleware())
        router.post("/items/batch") { _, _ in HTTPResponse.Status.created }
        router.get("/items/stats") { _, _ in HTTPResponse.Status.ok }
        router.get("/items/:id") { _, _ in HTTPResponse.Status.ok }
        router.delete("/items/:id") { _, _ in HTTPResponse.Status.noContent }
        router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes.map { ("\($0.path)", $0.method.rawValue) }))
        return Application(router: router)
    }

    @Test(arguments: [
        // A constant segment wins over the capture: `/items/{id}`'s GET and DELETE are not this path's.
        ("/items/batch", HTTPRequest.Method.options, "POST"),
        ("/items/batch", .get, "POST"),
        ("/items/stats", .delete, "GET"),
        ("/items/7", .post, "DELETE, GET"),
        ("/items/7", .options, "DELETE, GET"),
    ])
    func allowListsTheResolvedRoutesMethods(path: String, method: HTTPRequest.Method, allow: String) async throws {
        try await Self.application().test(.router) { client in
            try await client.execute(uri: path, method: method) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == allow)
            }
        }
    }

    @Test func aPathNoRouteMatchesStays404() async throws {
        try await Self.application().test(.router) { client in
            for path in ["/items", "/items/7/more", "/other/batch"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .notFound)
                    #expect(response.headers[.allow] == nil)
                }
            }
        }
    }
}
