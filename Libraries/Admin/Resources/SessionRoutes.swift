import Foundation
import Hummingbird

/// `/v1/session` (sign in with email and password, sign out) and `/v1/me` (who the caller is, and their own
/// password). Sign-in is the one `/v1` route that needs no credentials.
struct SessionRoutes {
    let services: AdminServices

    func add(to group: RouterGroup<AdminContext>, public open: RouterGroup<AdminContext>) {
        open.post("/session") { request, context in
            try CSRFCheck.requireSameOrigin(request)
            let body = try await JSONBody(request, context: context)
            let email = try body.requiredString("email", maxLength: 254).lowercased()
            guard UserStore.isEmail(email) else { throw InvalidInput("email", "must be an email address (one @, no spaces)") }
            let password = try body.requiredString("password", maxLength: 1024)
            let (principal, started) = try await signIn(email: email, password: password, context: context)
            var response = JSONResponse.make(.created, Self.me(principal, csrfToken: SessionStore.csrfToken(for: started.token), expiresAt: started.expiresAt))
            response.setCookie(SessionCookie.set(started.token, maxAge: services.sessionSettings.maxAge, request: request))
            return response
        }
        group.delete("/session") { request, context in
            let principal = try context.require(.read)
            guard let sessionID = principal.sessionID else { throw Conflict("this request did not come with a session cookie: nothing to sign out") }
            try await services.mutation { connection in
                try await services.sessions.end(sessionID, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "session.sign_out", resourceType: "session", resourceID: "\(sessionID)")
            }
            var response = Response(status: .noContent)
            response.setCookie(SessionCookie.clear(request: request))
            return response
        }
        group.get("/me") { _, context in
            let principal = try context.require(.read)
            return JSONResponse.make(.ok, Self.me(principal, csrfToken: context.csrfToken, expiresAt: nil))
        }
        group.post("/me/password") { request, context in
            let principal = try context.require(.read)
            guard let userID = principal.userID else { throw Conflict("the legacy admin token has no password") }
            let body = try await JSONBody(request, context: context)
            let current = try body.requiredString("current_password", maxLength: 1024)
            let password = try body.requiredString("password", maxLength: 1024)
            try PasswordHasher.validate(password, field: "password")
            let address = context.clientAddress ?? "unknown"
            let (stored, limited) = try await services.read { connection in
                (try await services.users.passwordHash(userID: userID, on: connection),
                 try await services.signInLimiter.isLimited(email: principal.label, address: address, on: connection))
            }
            guard stored != nil else { throw Conflict("you have no password yet: ask a super-admin to set one or to send an invite") }
            if limited { throw SignInRefusal.tooManyFailures(retryAfter: services.sessionSettings.failureWindow) }
            guard try await services.passwords.verify(current, hash: stored) else {
                try await services.mutation { try await services.signInLimiter.recordFailure(email: principal.label, address: address, on: $0) }
                throw SignInRefusal.wrongCurrentPassword
            }
            let hash = try await services.passwords.hash(password)
            try await services.mutation { connection in
                try await services.users.setPassword(userID: userID, hash: hash, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "user.change_password", resourceType: "user", resourceID: "\(userID)")
            }
            var response = Response(status: .noContent)
            if principal.sessionID != nil { response.setCookie(SessionCookie.clear(request: request)) }
            return response
        }
    }

    /// Checks the rate limit and the password; every failure is counted and audited (without the password).
    private func signIn(email: String, password: String, context: AdminContext) async throws -> (Principal, SessionStore.Started) {
        let address = context.clientAddress ?? "unknown"
        let (limited, record) = try await services.read { connection in
            (try await services.signInLimiter.isLimited(email: email, address: address, on: connection),
             try await services.users.signInRecord(email: email, on: connection))
        }
        let failure: String?
        if limited {
            failure = "rate_limited"
        } else if try await !services.passwords.verify(password, hash: record?.1) {
            failure = record == nil ? "unknown_email" : record?.1 == nil ? "no_password" : "wrong_password"
        } else {
            failure = record?.0.active == false ? "deactivated" : nil
        }
        if let failure {
            try await services.mutation { connection in
                if !limited { try await services.signInLimiter.recordFailure(email: email, address: address, on: connection) }
                try await AuditLog.record(on: connection, context: context, action: "session.sign_in_failed", resourceType: "session", resourceID: nil,
                                          payload: ["email": email, "reason": failure])
            }
            throw limited ? SignInRefusal.tooManyFailures(retryAfter: services.sessionSettings.failureWindow) : SignInRefusal.wrongCredentials
        }
        let user = record!.0
        return try await services.mutation { connection in
            let started = try await services.sessions.start(userID: user.id, clientAddress: context.clientAddress, on: connection)
            let principal = Principal(userID: user.id, keyID: nil, sessionID: started.id, role: user.role, label: user.email)
            var signedIn = context
            signedIn.principal = principal
            try await services.signInLimiter.clear(email: email, on: connection)
            try await AuditLog.record(on: connection, context: signedIn, action: "session.sign_in", resourceType: "session", resourceID: "\(started.id)")
            return (principal, started)
        }
    }

    /// The caller as the UI needs it: who, which role, what that role permits, how they authenticated.
    static func me(_ principal: Principal, csrfToken: String?, expiresAt: Date?) -> [String: Any?] {
        let via = principal.sessionID != nil ? "session" : principal.keyID != nil ? "api_key" : "legacy_token"
        return [
            "user_id": principal.userID, "email": principal.label, "role": principal.role.rawValue,
            "permissions": Permission.allCases.filter { principal.role.allows($0) }.map(\.rawValue), "via": via, "csrf_token": csrfToken,
            "expires_at": expiresAt,
        ]
    }
}
