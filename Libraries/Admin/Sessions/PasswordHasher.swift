import Crypto
import Foundation
import HummingbirdBcrypt
import NIOPosix
import Synchronization

/// bcrypt from hummingbird-auth, run on NIO's blocking thread pool: a hash takes a deliberate fraction of a second
/// and must not hold up the request executor. bcrypt reads only 72 bytes and stops at a NUL, so it hashes the
/// base64 of the password's SHA-256 (44 characters): every character of a long passphrase counts.
struct PasswordHasher: Sendable {
    let cost: Int

    /// Characters (Unicode code points, as JSON Schema counts them) a new password may have.
    static let lengths = 12...1024

    /// Hashes verified against when the email is unknown or has no password, one per cost, so a failed sign-in
    /// takes as long whether or not the account exists. Made on first use: start-up stays quick.
    private static let decoys = Mutex<[Int: String]>([:])

    func hash(_ password: String) async throws -> String {
        let cost = UInt8(cost)
        let input = Self.prehash(password)
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(input, cost: cost) }
    }

    func verify(_ password: String, hash: String?) async throws -> Bool {
        let cost = self.cost
        let input = Self.prehash(password)
        return try await NIOThreadPool.singleton.runIfActive {
            guard let hash else {
                _ = Bcrypt.verify(input, hash: Self.decoy(cost: cost))
                return false
            }
            return Bcrypt.verify(input, hash: hash)
        }
    }

    private static func decoy(cost: Int) -> String {
        if let known = decoys.withLock({ $0[cost] }) { return known }
        let made = Bcrypt.hash("sluice-decoy-password", cost: UInt8(cost))
        decoys.withLock { $0[cost] = made }
        return made
    }

    static func prehash(_ password: String) -> String {
        Data(SHA256.hash(data: Data(password.utf8))).base64EncodedString()
    }

    static func validate(_ password: String, field: String) throws {
        guard lengths.contains(password.unicodeScalars.count) else {
            throw InvalidInput(field, "must be \(lengths.lowerBound) to \(lengths.upperBound) characters long")
        }
    }
}
