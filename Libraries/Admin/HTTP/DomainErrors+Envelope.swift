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

/// A domain error that is one of the usual refusals of a resource: bad input, not there, already there, wrong state.
protocol ResourceRefusal: EnvelopeError, CustomStringConvertible {
    var refusal: ResourceRefusalKind { get }
}

enum ResourceRefusalKind {
    case invalid, notFound, alreadyExists, conflict
}

extension ResourceRefusal {
    public var status: HTTPResponse.Status {
        switch refusal {
        case .invalid: .badRequest
        case .notFound: .notFound
        case .alreadyExists, .conflict: .conflict
        }
    }

    public var code: String {
        switch refusal {
        case .invalid: "invalid_request"
        case .notFound: "not_found"
        case .alreadyExists: "already_exists"
        case .conflict: "conflict"
        }
    }

    public var message: String { description }
}

extension SourceError: ResourceRefusal {
    var refusal: ResourceRefusalKind {
        switch self {
        case .invalid: .invalid
        case .notFound: .notFound
        case .alreadyExists: .alreadyExists
        case .conflict: .conflict
        }
    }
}

extension OutboundError: ResourceRefusal {
    var refusal: ResourceRefusalKind {
        switch self {
        case .invalid: .invalid
        case .notFound: .notFound
        case .alreadyExists: .alreadyExists
        case .conflict: .conflict
        }
    }
}

extension PeriodicJobError: ResourceRefusal {
    var refusal: ResourceRefusalKind {
        switch self {
        case .notFound: .notFound
        case .alreadyExists: .alreadyExists
        }
    }
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
