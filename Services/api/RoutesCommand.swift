import ArgumentParser
import Common
import Webhooks

/// `sluice-api routes add|list`: where a source's events go.
struct RoutesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "routes", abstract: "Manage routes of inbound events.", subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Route a source's events to a URL; prints the signing secret once.")

        @OptionGroup var options: CommonOptions
        @Argument(help: "Source name.") var source: String
        @Option(help: "Target URL.") var url: String
        @Option(help: "Comma-separated event types: exact names, prefix.* or *.") var events: String = "*"

        func run() async throws {
            let types = events.split(separator: ",").map { String($0) }
            try await OperatorContext.run(options) { context in
                let (route, secret) = try await context.routes.add(sourceName: source, eventTypes: types, targetURL: url)
                print("route \(route.id): \(source) [\(types.joined(separator: ","))] → \(route.targetURL)")
                print("signing secret (shown once): \(secret)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a source's routes.")

        @OptionGroup var options: CommonOptions
        @Argument var source: String

        func run() async throws {
            try await OperatorContext.run(options) { context in
                for route in try await context.routes.list(sourceName: source) {
                    print("\(route.id)\t\(route.filter.patterns.joined(separator: ","))\t\(route.targetURL)\t\(route.enabled ? "enabled" : "disabled")")
                }
            }
        }
    }
}
