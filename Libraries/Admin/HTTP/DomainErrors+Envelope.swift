import Common
import HTTPTypes
import Queue
import Outbound
import Webhooks

extension QueueError: EnvelopeError {
    public var status: HTTPResponse.Status {
        switch self {
        case .invalid: .badRequest
        case .notFound: .notFound
        case .wrongState, .uniqueKeyTaken: .conflict
        }
    }

    public var code: String {
        switch self {
        case .invalid: "invalid_request"
        case .notFound: "not_found"
        case .wrongState: "wrong_state"
        case .uniqueKeyTaken: "unique_key_taken"
        }
    }

    public var message: String { description }
}

extension SourceError: EnvelopeError {
    public var status: HTTPResponse.Status {
        switch self {
        case .invalid: .badRequest
        case .notFound: .notFound
        case .alreadyExists: .conflict
        }
    }

    public var code: String {
        switch self {
        case .invalid: "invalid_request"
        case .notFound: "not_found"
        case .alreadyExists: "already_exists"
        }
    }

    public var message: String { description }
}

/// Request input the admin API refuses, naming the field.
public struct InvalidInput: EnvelopeError {
    public let field: String
    public let reason: String

    public init(_ field: String, _ reason: String) {
        self.field = field
        self.reason = reason
    }

    public var status: HTTPResponse.Status { .badRequest }
    public var code: String { "invalid_request" }
    public var message: String { "\(field) \(reason)" }
}

/// A resource that does not exist (404).
public struct NotFound: EnvelopeError {
    public let what: String

    public init(_ what: String) {
        self.what = what
    }

    public var status: HTTPResponse.Status { .notFound }
    public var code: String { "not_found" }
    public var message: String { "\(what) not found" }
}

/// A request that conflicts with the current state (409), e.g. demoting yourself.
public struct Conflict: EnvelopeError {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var status: HTTPResponse.Status { .conflict }
    public var code: String { "conflict" }
}

extension OutboundError: EnvelopeError {
    public var status: HTTPResponse.Status {
        switch self {
        case .invalid: .badRequest
        case .notFound: .notFound
        case .alreadyExists, .conflict: .conflict
        }
    }

    public var code: String {
        switch self {
        case .invalid: "invalid_request"
        case .notFound: "not_found"
        case .alreadyExists: "already_exists"
        case .conflict: "conflict"
        }
    }

    public var message: String { description }
}
