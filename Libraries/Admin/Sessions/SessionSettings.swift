import Common

/// How the admin web UI's password sign-in behaves. Every value has a default; each reads one variable.
public struct SessionSettings: Sendable {
    /// `SLUICE_SESSION_IDLE_TIMEOUT`: a session unused this long ends (default 30 minutes).
    public var idleTimeout: Duration = .seconds(1800)
    /// `SLUICE_SESSION_MAX_AGE`: a session ends this long after sign-in, used or not (default 12 hours).
    public var maxAge: Duration = .seconds(43200)
    /// `SLUICE_INVITE_TTL`: how long an invite link stays valid (default 72 hours).
    public var inviteLifetime: Duration = .seconds(259_200)
    /// `SLUICE_BCRYPT_COST`: log2 of bcrypt's rounds for new password hashes (default 12).
    public var bcryptCost: Int = 12
    /// `SLUICE_SIGNIN_FAILURES_PER_ACCOUNT` / `SLUICE_SIGNIN_FAILURES_PER_ADDRESS`: failed sign-ins allowed in
    /// `SLUICE_SIGNIN_WINDOW` (default 15 minutes) for one email / one client address before sign-in answers 429.
    public var failuresPerAccount: Int = 5
    public var failuresPerAddress: Int = 20
    public var failureWindow: Duration = .seconds(900)

    public init() {}

    public init(environment: Environment) throws(ConfigurationError) {
        idleTimeout = try environment.seconds("SLUICE_SESSION_IDLE_TIMEOUT", default: idleTimeout, in: 10...86_400)
        maxAge = try environment.seconds("SLUICE_SESSION_MAX_AGE", default: maxAge, in: 60...2_592_000)
        inviteLifetime = try environment.seconds("SLUICE_INVITE_TTL", default: inviteLifetime, in: 60...2_592_000)
        bcryptCost = try environment.integer("SLUICE_BCRYPT_COST", default: bcryptCost, in: 4...16)
        failuresPerAccount = try environment.integer("SLUICE_SIGNIN_FAILURES_PER_ACCOUNT", default: failuresPerAccount, in: 1...1000)
        failuresPerAddress = try environment.integer("SLUICE_SIGNIN_FAILURES_PER_ADDRESS", default: failuresPerAddress, in: 1...100_000)
        failureWindow = try environment.seconds("SLUICE_SIGNIN_WINDOW", default: failureWindow, in: 1...86_400)
    }
}
