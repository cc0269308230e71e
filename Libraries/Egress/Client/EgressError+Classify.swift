import AsyncHTTPClient
import Common
import NIOCore
import NIOPosix
import NIOSOCKS

extension EgressError {
    /// What went wrong with a request that async-http-client (or the deadline around it) failed. A SOCKS reply from
    /// the guard is replaced by the guard's own account of the target, so a refusal keeps its reason.
    static func classify(_ error: any Error, target: EgressTarget, timeout: Duration, failures: GuardFailures) -> EgressError {
        switch error {
        case let error as EgressError:
            return error
        case is DeadlineExceeded:
            return .timedOut(timeout)
        case let reply as SOCKSError.ConnectionFailed:
            if let failure = failures.failure(for: target.socksAddress) { return failure }
            return reply.reply == .notAllowed
                ? .refusedTarget("the egress guard refused \(target)") : .connectionFailed("could not connect to \(target)")
        case let error as HTTPClientError:
            return classify(error, target: target, timeout: timeout)
        case is NIOConnectionError, is IOError, is ChannelError:
            return .connectionFailed("\(target): \(error)")
        case is CancellationError:
            return .failed("cancelled")
        default:
            return .failed(String(describing: error))
        }
    }

    private static func classify(_ error: HTTPClientError, target: EgressTarget, timeout: Duration) -> EgressError {
        switch error {
        case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .socksHandshakeTimeout, .tlsHandshakeTimeout:
            return .timedOut(timeout)
        case .remoteConnectionClosed:
            return .connectionFailed("\(target) closed the connection before answering")
        case .invalidURL, .emptyHost, .emptyScheme:
            return .invalidURL("\(error)")
        case .cancelled:
            return .failed("cancelled")
        default:
            return .failed("\(error)")
        }
    }
}
