import Foundation

extension VerificationContext {
    /// Throws `.staleTimestamp` when the signed time is further than `tolerance` from `now`, in the past (a replay)
    /// or in the future (a skewed or forged clock).
    func checkFreshness(unixSeconds timestamp: Int64) throws(VerificationError) {
        let (seconds, attoseconds) = tolerance.components
        let toleranceSeconds = Double(seconds) + Double(attoseconds) * 1e-18
        let offset = now.timeIntervalSince1970 - Double(timestamp)
        guard abs(offset) <= toleranceSeconds else { throw .staleTimestamp }
    }
}
