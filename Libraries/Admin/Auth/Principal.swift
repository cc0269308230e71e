/// Who is calling: a user through one of their keys, or the legacy admin token.
public struct Principal: Sendable, Equatable {
    public let userID: Int64?
    public let keyID: Int64?
    public let role: Role
    /// For the audit log: the user's email, or `legacy-admin-token`.
    public let label: String

    public static let legacy = Principal(userID: nil, keyID: nil, role: .superAdmin, label: "legacy-admin-token")
}
