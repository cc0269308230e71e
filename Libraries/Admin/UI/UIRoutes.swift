import Hummingbird

/// `/ui`: the admin web UI. The page itself is never cached; its assets are cached for a year under their
/// content hash. Everything else under `/ui/` is a 404 (with the same security headers).
struct UIRoutes {
    let assets: UIAssets

    func add(to group: RouterGroup<AdminContext>) {
        let index = assets.index
        group.get("") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"], body: .init(byteBuffer: index))
        }
        group.get("/assets/:version/**") { _, context in
            let path = context.parameters.getCatchAll().joined(separator: "/")
            guard context.parameters.get("version") == assets.version, let file = assets.files[path] else { return Self.notFound }
            return Response(
                status: .ok, headers: [.contentType: file.contentType, .cacheControl: "public, max-age=31536000, immutable"], body: .init(byteBuffer: file.body)
            )
        }
        group.get("/**") { _, _ in Self.notFound }
    }

    static var notFound: Response {
        Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-cache"], body: .init(byteBuffer: ByteBuffer(string: "not found\n")))
    }
}
