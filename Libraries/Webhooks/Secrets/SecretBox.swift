import Common
import Crypto
import Foundation

/// Encrypts signing secrets at rest with AES-GCM under `SLUICE_SECRET_KEY` (base64 of 32 bytes).
public struct SecretBox: Sendable {
    private let key: SymmetricKey
    private static let associatedData = Data("sluice.secret.v1".utf8)

    public init(key: SymmetricKey) {
        self.key = key
    }

    /// Reads `SLUICE_SECRET_KEY`; missing or not base64 of 32 bytes stops the service, naming the variable.
    public init(environment: Environment) throws(ConfigurationError) {
        guard let encoded = environment["SLUICE_SECRET_KEY"] else {
            throw ConfigurationError(variable: "SLUICE_SECRET_KEY", reason: "is required: base64 of 32 random bytes (openssl rand -base64 32)")
        }
        guard let bytes = Data(base64Encoded: encoded), bytes.count == 32 else {
            throw ConfigurationError(variable: "SLUICE_SECRET_KEY", reason: "must be base64 of exactly 32 bytes")
        }
        self.init(key: SymmetricKey(data: bytes))
    }

    public func seal(_ secret: String) throws -> [UInt8] {
        let box = try AES.GCM.seal(Data(secret.utf8), using: key, authenticating: Self.associatedData)
        guard let combined = box.combined else { throw SecretBoxError.cannotSeal }
        return Array(combined)
    }

    /// The secret; `SecretBoxError.cannotOpen` when it was sealed under another key (or damaged).
    public func open(_ ciphertext: [UInt8]) throws(SecretBoxError) -> String {
        do {
            let box = try AES.GCM.SealedBox(combined: ciphertext)
            let plain = try AES.GCM.open(box, using: key, authenticating: Self.associatedData)
            return String(decoding: plain, as: UTF8.self)
        } catch {
            throw .cannotOpen
        }
    }
}

public enum SecretBoxError: Error, CustomStringConvertible {
    case cannotSeal
    case cannotOpen

    public var description: String {
        switch self {
        case .cannotSeal: "sealing a secret failed"
        case .cannotOpen: "a stored secret does not open with SLUICE_SECRET_KEY: the key differs from the one it was sealed with, or the secret is damaged"
        }
    }
}
