/// What a user may do. `viewer` reads; `admin` also creates, updates and deletes jobs, DLQ entries, sources,
/// routes and events; `super-admin` also manages users and their keys and rotates tokens.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    case viewer
    case admin
    case superAdmin = "super-admin"

    public func allows(_ permission: Permission) -> Bool {
        switch permission {
        case .read: true
        case .write: self >= .admin
        case .manageUsers, .rotateTokens: self == .superAdmin
        }
    }

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .admin: 1
        case .superAdmin: 2
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}

/// A right a route requires.
public enum Permission: String, Sendable, CaseIterable {
    case read
    case write
    case manageUsers = "manage_users"
    case rotateTokens = "rotate_tokens"
}
