/// Why a request could not be authenticated (401) or authorised (403).
public enum AuthError: Error, Equatable, CustomStringConvertible {
    case missingCredentials
    case malformedCredentials
    case unknownKey
    case revokedKey
    case expiredKey
    case deactivatedUser
    case retiredLegacyToken
    case forbidden(Permission)

    public var description: String {
        switch self {
        case .missingCredentials: "send Authorization: Bearer <api key>"
        case .malformedCredentials: "the Authorization header is not Bearer <api key>"
        case .unknownKey: "unknown API key"
        case .revokedKey: "this API key was revoked"
        case .expiredKey: "this API key has expired"
        case .deactivatedUser: "the user of this API key is deactivated"
        case .retiredLegacyToken: "the legacy admin token was migrated to a user's API key; use that key"
        case .forbidden(let permission): "your role lacks the \(permission.rawValue) permission"
        }
    }
}
