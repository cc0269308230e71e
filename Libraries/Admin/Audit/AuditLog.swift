import Common
import Foundation
import Logging
import PostgresNIO

/// Writes one audit row per mutation, on the mutation's own connection so it commits (or not) with it.
public enum AuditLog {
    public static func record(
        on connection: PostgresConnection,
        context: AdminContext,
        action: String,
        resourceType: String,
        resourceID: String?,
        payload: [String: Any?] = [:]
    ) async throws {
        let entry = try entry(context: context, action: action, resourceType: resourceType, resourceID: resourceID, payload: payload)
        try await AuditTrail.insert([entry], on: connection, logger: context.logger)
    }

    /// The row `record` writes, for a caller that writes it later in a batch (publishing).
    static func entry(
        context: AdminContext, action: String, resourceType: String, resourceID: String?, payload: [String: Any?]
    ) throws -> AuditTrail.Entry {
        let principal = context.principal
        let redacted = Redaction.redact(JSONResponse.plain(payload))
        let data = try SortedJSON.data(redacted)
        let actor = AuditTrail.Actor(
            userID: principal?.userID, keyID: principal?.keyID, label: principal?.label ?? "anonymous", requestID: context.requestID,
            clientAddress: context.clientAddress
        )
        return AuditTrail.Entry(
            actor: actor, action: action, resourceType: resourceType, resourceID: resourceID, payloadJSON: String(decoding: data, as: UTF8.self)
        )
    }
}

/// Keeps secrets out of the audit log: any field whose name says secret, token, password or key is replaced.
enum Redaction {
    static let sensitive = ["secret", "token", "password", "authorization", "api_key", "key"]

    static func redact(_ value: Any) -> Any {
        switch value {
        case let object as [String: Any]:
            var clean: [String: Any] = [:]
            for (name, inner) in object {
                let lower = name.lowercased()
                let hidden = sensitive.contains { lower == $0 || lower.hasSuffix("_" + $0) || lower.hasPrefix($0 + "_") } && lower != "unique_key"
                clean[name] = hidden ? "[redacted]" : redact(inner)
            }
            return clean
        case let list as [Any]:
            return list.map(redact)
        default:
            return value
        }
    }
}
