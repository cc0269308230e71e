import Crypto

/// Checks candidate signatures against every key: HMAC-SHA256 ones each compared in constant time, Ed25519 ones
/// verified by swift-crypto.
enum SignatureMatcher {
    /// More candidates than this in one header is refused as malformed: each one costs an HMAC over the whole body
    /// per secret (or an Ed25519 verification per public key), and no real sender lists more than a few (one per
    /// key it is rotating through).
    static let maxCandidates = 8

    static func anyMatches(_ candidates: [[UInt8]], message: [UInt8], keys: [SymmetricKey]) -> Bool {
        // A candidate of the wrong length cannot match; skipping it avoids hashing the body for nothing.
        let plausible = candidates.filter { $0.count == SHA256.byteCount }
        for key in keys {
            for candidate in plausible where HMAC<SHA256>.isValidAuthenticationCode(candidate, authenticating: message, using: key) {
                return true
            }
        }
        return false
    }

    static func anyMatches(_ candidates: [[UInt8]], message: [UInt8], publicKeys: [Curve25519.Signing.PublicKey]) -> Bool {
        for key in publicKeys {
            for candidate in candidates where key.isValidSignature(candidate, for: message) {
                return true
            }
        }
        return false
    }
}
