import Crypto

/// Checks candidate HMAC-SHA256 signatures against every key, each comparison in constant time.
enum SignatureMatcher {
    /// More candidates than this in one header is refused as malformed: each one costs an HMAC over the whole body
    /// per secret, and no real sender lists more than a few (one per secret it is rotating through).
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
}
