/// Who is calling: a user through one of their keys or a signed-in browser session, or the legacy admin token.
/// Keys and sessions resolve to the same user and role, so every route checks permissions one way.
public struct Principal: Sendable, Equatable {
    public let userID: Int64?
    public let keyID: Int64?
    /// The browser session this request came with, if it came with the session cookie.
    public let sessionID: Int64?
    public let role: Role
    /// For the audit log: the user's email, or `legacy-admin-token`.
    public let label: String

    public init(userID: Int64?, keyID: Int64?, sessionID: Int64? = nil, role: Role, label: String) {
        self.userID = userID
        self.keyID = keyID
        self.sessionID = sessionID
        self.role = role
        self.label = label
    }

    public static let legacy = Principal(userID: nil, keyID: nil, role: .superAdmin, label: "legacy-admin-token")
}
