import NIOSOCKS
import Synchronization

/// Why the guard last refused or failed a target, so the request that asked for it can throw that reason
/// instead of SOCKS's one-byte reply code. Keyed by the SOCKS target, which the client derives from the URL the
/// same way async-http-client does; cleared when a connection to the target succeeds.
final class GuardFailures: Sendable {
    private let failures = Mutex<[SOCKSAddress: EgressError]>([:])
    private static let capacity = 4096

    func record(_ error: EgressError, for target: SOCKSAddress) {
        failures.withLock { failures in
            if failures.count >= Self.capacity { failures.removeAll(keepingCapacity: true) }
            failures[target] = error
        }
    }

    func clear(_ target: SOCKSAddress) {
        _ = failures.withLock { $0.removeValue(forKey: target) }
    }

    func failure(for target: SOCKSAddress) -> EgressError? {
        failures.withLock { $0[target] }
    }
}
