import Admin
import ArgumentParser
import Common
import Foundation

/// `sluice-api bootstrap --email ...`: creates the first super-admin and prints their API key once.
struct Bootstrap: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create the first super-admin and print their API key once.")

    @OptionGroup var options: CommonOptions
    @Option(help: "Email of the first super-admin.") var email: String

    func run() async throws {
        try await OperatorContext.run(options) { context in
            do {
                let (user, key) = try await UserStore(logger: context.logger).bootstrap(email: email, client: context.client)
                print("super-admin \(user.email) created (user \(user.id))")
                print("API key (shown once): \(key)")
            } catch let error as EnvelopeError {
                FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
