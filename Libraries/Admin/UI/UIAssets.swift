import Crypto
import Foundation
import Hummingbird
import Logging

/// The admin UI's static files (`Libraries/Admin/UI/Assets`, shipped in the binary's resource bundle), read once
/// at start. `version` is a hash of their contents: asset URLs hold it (`/ui/assets/<version>/app.js`), so
/// browsers may cache them for a year, and a new build gets new URLs. `index.html` names them through the
/// placeholder `__ASSETS__` (and lists every module where it says `__PRELOAD__`); it is never cached.
struct UIAssets: Sendable {
    struct File: Sendable {
        let body: ByteBuffer
        let contentType: String
    }

    let version: String
    let index: ByteBuffer
    let files: [String: File]

    static let placeholder = "__ASSETS__"
    static let preloadPlaceholder = "__PRELOAD__"

    init(directory: URL) throws {
        let root = directory.standardizedFileURL.path
        var contents: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(root.count + 1))
            contents[relative] = try Data(contentsOf: url)
        }
        var hasher = SHA256()
        for name in contents.keys.sorted() {
            hasher.update(data: Data("\(name)\u{0}\(contents[name]!.count)\u{0}".utf8))
            hasher.update(data: contents[name]!)
        }
        version = hasher.finalize().prefix(8).map { String(format: "%02x", $0) }.joined()
        let page = String(decoding: contents.removeValue(forKey: "index.html") ?? Data(), as: UTF8.self)
        // Every module announced up front, so the browser fetches them at once instead of import by import.
        let preload = contents.keys.filter { $0.hasSuffix(".js") }.sorted().map { #"<link rel="modulepreload" href="__ASSETS__/\#($0)">"# }
        index = ByteBuffer(
            string: page.replacingOccurrences(of: Self.preloadPlaceholder, with: preload.joined(separator: "\n"))
                .replacingOccurrences(of: Self.placeholder, with: "/ui/assets/\(version)")
        )
        files = Dictionary(uniqueKeysWithValues: contents.map { ($0.key, File(body: ByteBuffer(data: $0.value), contentType: Self.contentType(of: $0.key))) })
    }

    /// The bundled files; without them (a broken build) the UI answers a page that says so.
    static func bundled(logger: Logger) -> UIAssets {
        do {
            guard let url = Bundle.module.url(forResource: "Assets", withExtension: nil) else { throw CocoaError(.fileNoSuchFile) }
            return try UIAssets(directory: url)
        } catch {
            logger.error("admin UI files missing from the bundle", metadata: ["error": "\(String(reflecting: error))"])
            return UIAssets(version: "missing", index: ByteBuffer(string: "<!doctype html><title>Sluice</title><p>The admin UI files are missing from this build."), files: [:])
        }
    }

    init(version: String, index: ByteBuffer, files: [String: File]) {
        self.version = version
        self.index = index
        self.files = files
    }

    static func contentType(of name: String) -> String {
        switch name.split(separator: ".").last {
        case "js": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "html": "text/html; charset=utf-8"
        case "txt": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}
