import Foundation

/// How docker-compose.yml and k8s/base run each service, read from the rendered files by
/// scripts/lib/deploy_services.py (so that the tests start the binaries exactly as they are deployed).
struct DeployedServices: Decodable {
    struct ComposeService: Decodable {
        let command: [String]
        let environment: [String: String]
        let healthcheck: [String]
        let migrate: [String]
    }

    struct Probe: Decodable {
        let path: String
        let port: Int
    }

    struct KubernetesService: Decodable {
        let command: [String]
        let environment: [String: String]
        let containerPort: Int
        let probes: [String: Probe]
        let initContainers: [[String]]
    }

    let compose: [String: ComposeService]
    let kubernetes: [String: KubernetesService]

    static let names = ["api", "webhooks", "worker", "metrics"]

    static func load() throws -> DeployedServices {
        let helper = Script.root.appendingPathComponent("scripts/lib/deploy_services.py").path
        let root = Script.root.path
        let (status, output) = try Python.run("import runpy, sys; sys.argv = ['deploy_services', \(pythonString(root))]; runpy.run_path(\(pythonString(helper)), run_name='__main__')")
        guard status == 0 else { throw Script.Failure(description: "deploy_services.py exited \(status): \(output)") }
        return try JSONDecoder().decode(DeployedServices.self, from: Data(output.utf8))
    }

    private static func pythonString(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}

extension Script {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }
}
