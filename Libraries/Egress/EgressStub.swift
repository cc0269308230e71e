// Temporary stand-in with the agreed API, replaced by the real Egress library on merge.
import AsyncHTTPClient
import Common
import Foundation
import Logging
import NIOCore
import ServiceLifecycle

public struct EgressSettings: Sendable {
    public var allowPrivateTargets: Bool
    public var connectionsPerHost: Int
    public init(allowPrivateTargets: Bool = false, connectionsPerHost: Int = 1000) {
        self.allowPrivateTargets = allowPrivateTargets
        self.connectionsPerHost = connectionsPerHost
    }
    public static func from(environment: Environment, defaultConnectionsPerHost: Int) throws(ConfigurationError) -> EgressSettings {
        EgressSettings(allowPrivateTargets: try environment.bool("SLUICE_ALLOW_PRIVATE_TARGETS", default: false), connectionsPerHost: defaultConnectionsPerHost)
    }
}
public struct EgressRequest: Sendable {
    public var url: String
    public var headers: [(String, String)]
    public var body: [UInt8]
    public var timeout: Duration
    public init(url: String, headers: [(String, String)] = [], body: [UInt8], timeout: Duration) {
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}
public struct EgressResponse: Sendable {
    public let status: Int
    public let headers: [(String, String)]
    public let bodyExcerpt: [UInt8]
    public let latency: Duration
}
public enum EgressError: Error, Sendable, CustomStringConvertible {
    case invalidURL(String)
    case refusedTarget(String)
    case connectionFailed(String)
    case timedOut(Duration)
    case failed(String)
    public var isPermanent: Bool {
        switch self {
        case .invalidURL, .refusedTarget: true
        default: false
        }
    }
    public var description: String { "\(self)" }
}
public final class EgressClient: Service, Sendable {
    let http: HTTPClient
    public init(settings: EgressSettings, logger: Logger) {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = settings.connectionsPerHost
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }
    public func post(_ request: EgressRequest, excerptLimit: Int = 4096) async throws(EgressError) -> EgressResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = .POST
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        let started = ContinuousClock.now
        do {
            let response = try await http.execute(outgoing, timeout: .nanoseconds(Int64(request.timeout.components.seconds) * 1_000_000_000))
            let body = try await response.body.collect(upTo: 1 << 20)
            return EgressResponse(
                status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                bodyExcerpt: Array(Array(buffer: body).prefix(excerptLimit)), latency: ContinuousClock.now - started)
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw .timedOut(request.timeout)
        } catch {
            throw .connectionFailed(String(describing: error))
        }
    }
    public func run() async throws {
        try? await gracefulShutdown()
        try await shutdown()
    }
    public func shutdown() async throws { try await http.shutdown() }
}
