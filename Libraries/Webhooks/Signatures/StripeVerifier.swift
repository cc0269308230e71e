import Foundation
import HTTPTypes

/// Verifies Stripe: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>...]`, each `v1` an HMAC-SHA256 of `"<t>.<body>"`
/// under the whole `whsec_...` secret's UTF-8 bytes (Stripe does not decode it). Other keys (`v0`) are ignored.
/// Returns the body's top-level JSON `"id"` (`evt_...`) as the event id when there is one.
public struct StripeVerifier: SignatureVerifier {
    static let signatureName = HTTPField.Name("Stripe-Signature")!

    public init() {}

    public func verify(headers: HTTPFields, body: [UInt8], context: VerificationContext) throws(VerificationError) -> String? {
        let (timestamp, candidates) = try Self.parse(headers.requiredValue(Self.signatureName))
        try context.checkFreshness(unixSeconds: timestamp)
        let content = Array("\(timestamp).".utf8) + body
        guard SignatureMatcher.anyMatches(candidates, message: content, keys: context.utf8Keys) else { throw .badSignature }
        return Self.eventID(in: body)
    }

    /// The timestamp and decoded `v1` signatures; a `v1` that is not hex is dropped (it cannot match).
    private static func parse(_ value: String) throws(VerificationError) -> (Int64, [[UInt8]]) {
        let name = signatureName.rawName
        var timestamp: Int64?
        var signatureCount = 0
        var candidates: [[UInt8]] = []
        for item in value.split(separator: ",") {
            let pair = item.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            switch pair[0] {
            case "t":
                guard timestamp == nil, let parsed = Int64(pair[1]) else { throw .malformedHeader(name) }
                timestamp = parsed
            case "v1":
                signatureCount += 1
                if let bytes = Hex.decode(pair[1]) { candidates.append(bytes) }
            default:
                continue
            }
        }
        guard let timestamp, signatureCount <= SignatureMatcher.maxCandidates else { throw .malformedHeader(name) }
        return (timestamp, candidates)
    }

    private struct Event: Decodable {
        var id: String?
    }

    private static func eventID(in body: [UInt8]) -> String? {
        guard let id = try? JSONDecoder().decode(Event.self, from: Data(body)).id, !id.isEmpty else { return nil }
        return id
    }
}
