import Common
import HTTPTypes

/// Why a sign-in with email and password (or a change of one's own password) was refused. A sign-in's answer
/// never says whether the email exists.
enum SignInRefusal: EnvelopeError {
    case wrongCredentials
    case wrongCurrentPassword
    case tooManyFailures(retryAfter: Duration)

    var status: HTTPResponse.Status {
        switch self {
        case .wrongCredentials: .unauthorized
        case .wrongCurrentPassword: .forbidden
        case .tooManyFailures: .tooManyRequests
        }
    }

    var code: String {
        switch self {
        case .wrongCredentials: "unauthorized"
        case .wrongCurrentPassword: "wrong_password"
        case .tooManyFailures: "rate_limited"
        }
    }

    var message: String {
        switch self {
        case .wrongCredentials: "email or password is wrong"
        case .wrongCurrentPassword: "current_password is wrong"
        case .tooManyFailures: "too many failed sign-ins for this account or address: try again later"
        }
    }

    var headers: HTTPFields {
        guard case .tooManyFailures(let retryAfter) = self else { return [:] }
        return [HTTPField.Name("Retry-After")!: "\(Int(retryAfter.seconds))"]
    }
}
