import Foundation
import Hummingbird

/// The OpenAPI 3.1 document of the admin API (`Libraries/Admin/OpenAPI/openapi.yaml`), served at `/openapi.yaml`.
public enum OpenAPIDocument {
    public static let yaml: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"), let text = try? String(contentsOf: url, encoding: .utf8) else {
            return "openapi: 3.1.0\n"
        }
        return text
    }()

    static func add<Context: RequestContext>(to router: Router<Context>) {
        router.get("/openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: ByteBuffer(string: yaml)))
        }
    }
}
