/// Why a request could not be authenticated (401) or authorised (403).
public enum AuthError: Error, Equatable, CustomStringConvertible {
    case missingCredentials
    case malformedCredentials
    case unknownKey
    case revokedKey
    case expiredKey
    case deactivatedUser
    case retiredLegacyToken
    case unknownSession
    case expiredSession
    case invalidInvite
    case forbidden(Permission)
    /// An unsafe request made with the session cookie that did not prove it came from the UI's own pages.
    case crossSiteRequest(String)

    public var description: String {
        switch self {
        case .missingCredentials: "sign in, or send Authorization: Bearer <api key>"
        case .malformedCredentials: "the Authorization header is not Bearer <api key>"
        case .unknownKey: "unknown API key"
        case .revokedKey: "this API key was revoked"
        case .expiredKey: "this API key has expired"
        case .deactivatedUser: "this user is deactivated"
        case .retiredLegacyToken: "the legacy admin token was migrated to a user's API key; use that key"
        case .unknownSession: "this session has ended: sign in again"
        case .expiredSession: "this session has expired: sign in again"
        case .invalidInvite: "this invite link is unknown, already used or expired: ask for a new one"
        case .forbidden(let permission): "your role lacks the \(permission.rawValue) permission"
        case .crossSiteRequest(let reason): "request refused as cross-site: \(reason)"
        }
    }
}
