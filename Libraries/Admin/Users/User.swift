import Foundation

/// A person using the admin API.
public struct User: Sendable, Equatable {
    public let id: Int64
    public let email: String
    public let role: Role
    public let active: Bool
    public let createdAt: Date

    var json: [String: Any?] {
        ["id": id, "email": email, "role": role.rawValue, "active": active, "created_at": createdAt]
    }
}

/// An API key as listed: never the key itself, only its visible prefix.
public struct APIKeyInfo: Sendable, Equatable {
    public let id: Int64
    public let userID: Int64
    public let name: String
    public let prefix: String
    public let createdAt: Date
    public let lastUsedAt: Date?
    public let expiresAt: Date?
    public let revokedAt: Date?

    var json: [String: Any?] {
        [
            "id": id, "user_id": userID, "name": name, "prefix": prefix, "created_at": createdAt, "last_used_at": lastUsedAt,
            "expires_at": expiresAt, "revoked_at": revokedAt,
        ]
    }
}
