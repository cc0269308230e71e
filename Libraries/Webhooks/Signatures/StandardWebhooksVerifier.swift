import Foundation
import HTTPTypes

/// Verifies Standard Webhooks (OpenAI, Svix): `webhook-signature` lists space-separated entries over
/// `"<webhook-id>.<webhook-timestamp>.<body>"`: `v1,<base64>` an HMAC-SHA256 under a `whsec_<base64>` secret,
/// `v1a,<base64>` an Ed25519 signature under a `whpk_<base64>` public key. Any entry may match any of the source's
/// secrets or public keys (rotation). Returns the `webhook-id` as the event id.
///
/// Entries with another version (`v2,...`) are skipped; an entry that is not base64 simply does not match.
/// The header is malformed only when no entry has the `version,signature` shape at all, or when it lists more than
/// `SignatureMatcher.maxCandidates` (8) entries.
public struct StandardWebhooksVerifier: SignatureVerifier {
    public init() {}

    public func verify(headers: HTTPFields, body: [UInt8], context: VerificationContext) throws(VerificationError) -> String? {
        let id = try headers.requiredValue(StandardWebhooksSigner.idName)
        let timestampText = try headers.requiredValue(StandardWebhooksSigner.timestampName)
        try headers.requiredValue(StandardWebhooksSigner.signatureName)
        guard let timestamp = Int64(timestampText.trimmingCharacters(in: .whitespaces)) else {
            throw .malformedHeader(StandardWebhooksSigner.timestampName.rawName)
        }
        try context.checkFreshness(unixSeconds: timestamp)
        let candidates = try Candidates(in: headers[values: StandardWebhooksSigner.signatureName])
        let content = StandardWebhooksSigner.signedContent(id: id, unixSeconds: timestamp, body: body)
        guard SignatureMatcher.anyMatches(candidates.symmetric, message: content, keys: context.standardWebhooksKeys)
            || SignatureMatcher.anyMatches(candidates.asymmetric, message: content, publicKeys: context.standardWebhooksPublicKeys)
        else { throw .badSignature }
        return id
    }

    /// The decoded signatures of every `webhook-signature` field, by version.
    private struct Candidates {
        var symmetric: [[UInt8]] = []
        var asymmetric: [[UInt8]] = []

        init(in values: [String]) throws(VerificationError) {
            var wellFormed = 0
            for entry in values.flatMap({ $0.split(whereSeparator: { $0 == " " || $0 == "\t" }) }) {
                guard let comma = entry.firstIndex(of: ",") else { continue }
                wellFormed += 1
                guard let bytes = Data(base64Encoded: String(entry[entry.index(after: comma)...])) else { continue }
                switch entry[..<comma] {
                case "v1": symmetric.append(Array(bytes))
                case "v1a": asymmetric.append(Array(bytes))
                default: continue
                }
            }
            let name = StandardWebhooksSigner.signatureName.rawName
            guard wellFormed > 0, wellFormed <= SignatureMatcher.maxCandidates else { throw .malformedHeader(name) }
        }
    }
}
