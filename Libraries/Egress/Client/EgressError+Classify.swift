import AsyncHTTPClient
import Common
import NIOCore
import NIOPosix

extension EgressError {
    /// What went wrong with a request that async-http-client (or the deadline around it) failed.
    static func classify(_ error: any Error, target: EgressTarget, timeout: Duration) -> EgressError {
        switch error {
        case let error as EgressError:
            return error
        case is DeadlineExceeded:
            return .timedOut(timeout)
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
        case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout:
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

    /// Whether `error` means no connection was made, so the request was not sent and another address may take it.
    static func neverConnected(_ error: any Error) -> Bool {
        switch error {
        case is NIOConnectionError: true
        case let error as HTTPClientError: error == .connectTimeout
        case ChannelError.connectTimeout: true
        case let error as IOError: [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL].contains(error.errnoCode)
        default: false
        }
    }
}
