import Admin
import Common
import Crypto
import Foundation
import Logging
import PostgresNIO
import Testing
import Webhooks

/// The served OpenAPI document against the router: every `/v1` route documented, nothing documented that is not routed.
@Suite struct OpenAPIDocumentTests {
    /// `GET /v1/jobs/{id}` for every route the admin router has. The client is never run: no database is needed.
    static func routerOperations() throws -> Set<String> {
        let logger = Logger(label: "openapi-test")
        let client = PostgresClient(settings: try DatabaseSettings(url: DatabaseSettings.defaultURL, schema: "sluice"), logger: logger)
        let routes = adminRouteDescriptions(client: client, box: SecretBox(key: SymmetricKey(size: .bits256)), logger: logger)
        return Set(routes.map(OpenAPIPaths.normalized))
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationIsRouted() throws {
        let routed = try Self.routerOperations().filter { $0.split(separator: " ").last?.hasPrefix("/v1/") == true }
        let documented = Set(OpenAPIPaths.operations(in: OpenAPIDocument.yaml).map(\.key)).filter { $0.split(separator: " ").last?.hasPrefix("/v1/") == true }
        #expect(!routed.isEmpty, "the router reported no /v1 routes")
        let undocumented = routed.subtracting(documented).sorted()
        let unrouted = documented.subtracting(routed).sorted()
        #expect(
            undocumented.isEmpty && unrouted.isEmpty,
            """
            routes missing from openapi.yaml: \(undocumented.isEmpty ? "none" : undocumented.joined(separator: ", "))
            documented operations the router lacks: \(unrouted.isEmpty ? "none" : unrouted.joined(separator: ", "))
            """
        )
    }

    @Test func documentIsOpenAPI31AndEveryV1OperationDocuments401() {
        let yaml = OpenAPIDocument.yaml
        #expect(yaml.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) == "openapi: 3.1.0")
        let operations = OpenAPIPaths.operations(in: yaml).filter { $0.key.split(separator: " ").last?.hasPrefix("/v1/") == true }
        #expect(!operations.isEmpty, "no /v1 operations found in openapi.yaml")
        let without401 = operations.filter { !$0.value.contains { $0.trimmingCharacters(in: .whitespaces) == "'401':" } }.keys.sorted()
        #expect(without401.isEmpty, "operations without a 401 response: \(without401.joined(separator: ", "))")
    }

    @Test func parserReadsPathsAndMethodsOnly() {
        let yaml = """
            openapi: 3.1.0
            paths:
              /healthz:
                get:
                  responses: {}
              /v1/jobs/{id}:
                parameters: []
                get:
                  responses:
                    '401':
                      description: x
                delete:
                  responses: {}
            components:
              schemas:
                get:
                  type: object
            """
        let operations = OpenAPIPaths.operations(in: yaml)
        #expect(Set(operations.keys) == ["GET /healthz", "GET /v1/jobs/:id", "DELETE /v1/jobs/:id"])
        #expect(operations["GET /v1/jobs/:id"]?.contains("        '401':") == true)
        #expect(OpenAPIPaths.normalized("GET /v1/jobs/{id}") == "GET /v1/jobs/:id")
    }
}

/// A line-based reader of an OpenAPI document's `paths:` section: enough to list its operations.
fileprivate enum OpenAPIPaths {
    static let methods: Set<String> = ["get", "post", "put", "patch", "delete"]

    /// Each operation (`GET /v1/jobs/:id`) with the lines of its block.
    static func operations(in yaml: String) -> [String: [String]] {
        var operations: [String: [String]] = [:]
        var inPaths = false
        var path: String?
        var current: String?
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") {
                if let current { operations[current, default: []].append(line) }
                continue
            }
            let indent = line.prefix { $0 == " " }.count
            if indent == 0 {
                inPaths = trimmed == "paths:"
                path = nil
                current = nil
                continue
            }
            guard inPaths else { continue }
            if indent == 2 {
                current = nil
                let key = unquoted(String(trimmed.dropLast()))
                path = trimmed.hasSuffix(":") && key.hasPrefix("/") ? key : nil
            } else if indent == 4 {
                current = nil
                let key = String(trimmed.dropLast())
                if let path, trimmed.hasSuffix(":"), methods.contains(key) {
                    current = normalized("\(key.uppercased()) \(path)")
                    operations[current!] = []
                }
            } else if let current {
                operations[current, default: []].append(line)
            }
        }
        return operations
    }

    /// `{id}` and `:id` both become `:id`, so router and document spellings compare equal.
    static func normalized(_ operation: String) -> String {
        var result = ""
        var inBrace = false
        for character in operation {
            switch character {
            case "{" where !inBrace:
                inBrace = true
                result.append(":")
            case "}" where inBrace:
                inBrace = false
            default:
                result.append(character)
            }
        }
        return result
    }

    private static func unquoted(_ key: String) -> String {
        guard key.count >= 2, let first = key.first, first == key.last, first == "'" || first == "\"" else { return key }
        return String(key.dropFirst().dropLast())
    }
}
