import Foundation
import HTTPTypes

/// Verifies Standard Webhooks (OpenAI, Svix): `webhook-signature` lists space-separated `v1,<base64>` entries,
/// each an HMAC-SHA256 of `"<webhook-id>.<webhook-timestamp>.<body>"` under a `whsec_<base64>` secret.
/// Returns the `webhook-id` as the event id.
///
/// Entries with another version (`v1a,...`) are skipped; an entry that is not base64 simply does not match.
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
        let candidates = try Self.candidates(in: headers[values: StandardWebhooksSigner.signatureName])
        let content = StandardWebhooksSigner.signedContent(id: id, unixSeconds: timestamp, body: body)
        guard SignatureMatcher.anyMatches(candidates, message: content, keys: context.standardWebhooksKeys) else {
            throw .badSignature
        }
        return id
    }

    /// The decoded `v1` signatures of every `webhook-signature` field.
    private static func candidates(in values: [String]) throws(VerificationError) -> [[UInt8]] {
        var wellFormed = 0
        var candidates: [[UInt8]] = []
        for entry in values.flatMap({ $0.split(whereSeparator: { $0 == " " || $0 == "\t" }) }) {
            guard let comma = entry.firstIndex(of: ",") else { continue }
            wellFormed += 1
            guard entry[..<comma] == "v1" else { continue }
            if let bytes = Data(base64Encoded: String(entry[entry.index(after: comma)...])) {
                candidates.append(Array(bytes))
            }
        }
        let name = StandardWebhooksSigner.signatureName.rawName
        guard wellFormed > 0, wellFormed <= SignatureMatcher.maxCandidates else { throw .malformedHeader(name) }
        return candidates
    }
}
