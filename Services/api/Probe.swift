import ArgumentParser
import AsyncHTTPClient
import Foundation

/// `sluice-api probe URL`: exits 0 when `GET URL` answers 2xx. The image has no shell and no curl, so compose's
/// health checks run this (any service's container holds all four binaries).
struct Probe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Exit 0 if GET URL answers 2xx within the timeout (container health checks).")

    @Argument(help: "URL to probe, e.g. http://127.0.0.1:8080/readyz.") var url: String
    @Option(help: "Seconds to wait for the answer.") var timeout: Int = 3

    func run() async throws {
        do {
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(Int64(timeout)))
            guard (200..<300).contains(response.status.code) else {
                FileHandle.standardError.write(Data("probe \(url): HTTP \(response.status.code)\n".utf8))
                throw ExitCode(1)
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            FileHandle.standardError.write(Data("probe \(url): \(String(reflecting: error))\n".utf8))
            throw ExitCode(1)
        }
    }
}
