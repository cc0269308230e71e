import Hummingbird
import Logging
import NIOCore

/// The admin API's request context: who is calling (set by `AuthMiddleware`) and from where.
public struct AdminContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal: Principal?
    /// The CSRF token of the session the request came with (`GET /v1/me` hands it to the UI's scripts).
    public var csrfToken: String?
    public let clientAddress: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.clientAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The caller, if allowed `permission`; throws 401 without a caller and 403 without the permission.
    @discardableResult
    public func require(_ permission: Permission) throws -> Principal {
        guard let principal else { throw AuthError.missingCredentials }
        guard principal.role.allows(permission) else { throw AuthError.forbidden(permission) }
        return principal
    }

    var requestID: String {
        logger[metadataKey: "request_id"]?.description ?? ""
    }
}
