import ArgumentParser
import Common
import Foundation
import Webhooks

/// `sluice-api sources add|list|update|rotate-secret|disable|enable`: manage inbound webhook sources.
struct SourcesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "Manage inbound webhook sources.",
        subcommands: [Add.self, List.self, Update.self, RotateSecret.self, Disable.self, Enable.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a source; prints its secret once.")

        @OptionGroup var options: CommonOptions
        @Argument(help: "Name used in POST /hooks/{name}.") var name: String
        @Option(help: "standard, github, stripe, shopify, hmac-sha256 or none.") var scheme: String = "standard"
        @Flag(name: .customLong("secret-stdin"), help: "Read the provider's secret from stdin instead of generating one.") var secretFromStdin = false
        @Option(help: "Seconds a signed timestamp may be off.") var tolerance: Int = 300
        @Option(name: .customLong("body-limit"), help: "Largest body in bytes.") var bodyLimit: Int = Source.defaultBodyLimit
        @Option(name: .customLong("rate-limit"), help: "Requests per second per receiver.") var rateLimit: Int?
        @Option(name: .customLong("hmac-header"), help: "hmac-sha256: header holding the signature.") var hmacHeader: String?
        @Option(name: .customLong("hmac-encoding"), help: "hmac-sha256: hex or base64.") var hmacEncoding: String = "hex"
        @Option(name: .customLong("hmac-prefix"), help: "hmac-sha256: prefix before the signature, e.g. sha256=.") var hmacPrefix: String = ""
        @Flag(name: .customLong("no-json"), help: "Accept bodies that are not JSON.") var notJSON = false
        @Flag(help: "Allow scheme none (no verification; dev only).") var insecure = false
        @Option(name: .customLong("public-key"), help: "standard: an Ed25519 whpk_... key for v1a signatures; repeat for several.")
        var publicKeys: [String] = []

        func run() async throws {
            guard let scheme = SignatureScheme(rawValue: scheme) else {
                throw ValidationError("--scheme must be one of \(SignatureScheme.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let encoding = HMACHeaderSettings.Encoding(rawValue: hmacEncoding) else { throw ValidationError("--hmac-encoding must be hex or base64") }
            var source = NewSource(name: name, scheme: scheme, secret: secretFromStdin ? readLine(strippingNewline: true) : nil)
            source.tolerance = .seconds(tolerance)
            source.bodyLimit = bodyLimit
            source.rateLimit = rateLimit
            source.hmacHeader = hmacHeader.map { HMACHeaderSettings(header: $0, encoding: encoding, prefix: hmacPrefix) }
            source.expectsJSON = !notJSON
            source.insecure = insecure
            source.publicKeys = publicKeys
            try await OperatorContext.run(options) { context in
                let (added, secret) = try await context.sources.add(source)
                print("source \(added.name) (\(added.scheme.rawValue)) added; POST /hooks/\(added.name)")
                print("secret (shown once): \(secret)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List sources.")

        @OptionGroup var options: CommonOptions

        func run() async throws {
            try await OperatorContext.run(options) { context in
                for source in try await context.sources.list() {
                    let limit = source.rateLimit.map { "\($0)/s" } ?? "unlimited"
                    print("\(source.name)\t\(source.scheme.rawValue)\t\(source.enabled ? "enabled" : "disabled")\trate \(limit)\tbody ≤ \(source.bodyLimit) B")
                }
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a source's settings; what is not given stays as it is.")

        @OptionGroup var options: CommonOptions
        @Argument var name: String
        @Option(help: "Seconds a signed timestamp may be off.") var tolerance: Int?
        @Option(name: .customLong("body-limit"), help: "Largest body in bytes.") var bodyLimit: Int?
        @Option(name: .customLong("rate-limit"), help: "Requests per second per receiver; 0 removes the limit.") var rateLimit: Int?
        @Option(name: .customLong("public-key"), help: "standard: replaces the Ed25519 whpk_... keys for v1a signatures; repeat for several.")
        var publicKeys: [String] = []
        @Flag(name: .customLong("no-public-keys"), help: "Remove every public key.") var removePublicKeys = false

        func validate() throws {
            guard !(removePublicKeys && !publicKeys.isEmpty) else { throw ValidationError("--public-key and --no-public-keys exclude each other") }
        }

        func run() async throws {
            let keys: [String]? = removePublicKeys ? [] : publicKeys.isEmpty ? nil : publicKeys
            let change = SourceChange(rateLimit: rateLimit, toleranceSeconds: tolerance, bodyLimit: bodyLimit, publicKeys: keys)
            try await OperatorContext.run(options) { context in
                let source = try await context.sources.update(name, change)
                let limit = source.rateLimit.map { "\($0)/s" } ?? "unlimited"
                let seconds = source.tolerance.components.seconds
                print("source \(source.name) updated: tolerance \(seconds) s, body ≤ \(source.bodyLimit) B, rate \(limit), \(source.publicKeys.count) public key(s)")
            }
        }
    }

    struct RotateSecret: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rotate-secret", abstract: "Add a new secret; the old ones keep working for --overlap seconds.")

        @OptionGroup var options: CommonOptions
        @Argument var name: String
        @Option(help: "Seconds the current secrets stay valid.") var overlap: Int = 86_400
        @Flag(name: .customLong("secret-stdin"), help: "Read the new secret from stdin instead of generating one.") var secretFromStdin = false

        func run() async throws {
            let given = secretFromStdin ? readLine(strippingNewline: true) : nil
            try await OperatorContext.run(options) { context in
                let secret = try await context.sources.rotateSecret(name, overlap: .seconds(overlap), newSecret: given)
                print("new secret for \(name) (shown once): \(secret)")
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a source: its hooks answer 404.")

        @OptionGroup var options: CommonOptions
        @Argument var name: String

        func run() async throws {
            try await SourcesCommand.setEnabled(name, false, options: options)
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled source.")

        @OptionGroup var options: CommonOptions
        @Argument var name: String

        func run() async throws {
            try await SourcesCommand.setEnabled(name, true, options: options)
        }
    }

    static func setEnabled(_ name: String, _ enabled: Bool, options: CommonOptions) async throws {
        try await OperatorContext.run(options) { context in
            try await context.sources.setEnabled(name, enabled)
            print("source \(name) \(enabled ? "enabled" : "disabled")")
        }
    }
}
