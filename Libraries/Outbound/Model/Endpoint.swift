import Foundation

/// Where an application's messages are delivered: a URL, the event types it subscribed to, its limits and health.
/// Its signing secrets are kept apart, encrypted, and shown only on create, on rotation and to admins who ask.
public struct Endpoint: Sendable, Equatable {
    public let id: Int64
    public let applicationID: Int64
    public let url: String
    public let description: String
    public let filter: EndpointFilter
    public let enabled: Bool
    public let disabledReason: String?
    public let disabledAt: Date?
    /// Deliveries per second; `nil` for the application's limit.
    public let rateLimit: Int?
    /// Deliveries in flight at once per worker process; `nil` for the worker's default.
    public let maxConcurrency: Int?
    public let headers: [String: String]
    /// `whpk_...` when the endpoint also signs with Ed25519 (`v1a`).
    public let publicKey: String?
    /// Since when every attempt has failed; `nil` after a success.
    public let failingSince: Date?
    public let lastSuccessAt: Date?
    public let createdAt: Date
    public let updatedAt: Date
}

/// An endpoint to create, or the changes to one (`nil` leaves a setting as it is; `.some(nil)` clears a limit).
public struct EndpointChange: Sendable {
    public var url: String?
    public var description: String?
    public var eventTypes: [String]?
    public var enabled: Bool?
    public var disabledReason: String?
    public var rateLimit: Int??
    public var maxConcurrency: Int??
    public var headers: [String: String]?

    public init(
        url: String? = nil, description: String? = nil, eventTypes: [String]? = nil, enabled: Bool? = nil, disabledReason: String? = nil,
        rateLimit: Int?? = nil, maxConcurrency: Int?? = nil, headers: [String: String]? = nil
    ) {
        self.url = url
        self.description = description
        self.eventTypes = eventTypes
        self.enabled = enabled
        self.disabledReason = disabledReason
        self.rateLimit = rateLimit
        self.maxConcurrency = maxConcurrency
        self.headers = headers
    }

    /// Headers an endpoint may not set: the ones the delivery itself is made of.
    static let reservedHeaders: Set<String> = [
        "webhook-id", "webhook-timestamp", "webhook-signature", "content-type", "content-length", "host", "transfer-encoding", "connection",
    ]

    func validate() throws(OutboundError) {
        if let url {
            guard url.count <= 2048, url.unicodeScalars.allSatisfy(\.isASCII), let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
                parsed.host?.isEmpty == false
            else {
                throw .invalid(field: "url", reason: "must be an http or https URL with a host, ASCII (a non-ASCII host in its xn-- form), at most 2048 characters")
            }
        }
        if let eventTypes {
            guard eventTypes.count <= 100, eventTypes.allSatisfy(EndpointFilter.isValidPattern) else {
                throw .invalid(field: "event_types", reason: "must list at most 100 event types (letters, digits, '_', '-', ':', '.'), each exact or `prefix.*`")
            }
        }
        if let headers {
            guard headers.count <= 20 else { throw .invalid(field: "headers", reason: "may hold at most 20 headers") }
            for (name, value) in headers {
                guard name.range(of: "^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}\\z", options: .regularExpression) != nil,
                    !Self.reservedHeaders.contains(name.lowercased())
                else {
                    throw .invalid(field: "headers", reason: "name '\(name)' is not a header name an endpoint may set")
                }
                guard value.utf8.count <= 1024, !value.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\u{0}" }) else {
                    throw .invalid(field: "headers", reason: "value of '\(name)' must be at most 1024 bytes without CR, LF or NUL")
                }
            }
        }
        if let rate = rateLimit, let rate, !(1...100_000).contains(rate) {
            throw .invalid(field: "rate_limit", reason: "must be in 1...100000 deliveries per second")
        }
        if let limit = maxConcurrency, let limit, !(1...10_000).contains(limit) {
            throw .invalid(field: "max_concurrency", reason: "must be in 1...10000")
        }
        if let description, description.count > 1000 { throw .invalid(field: "description", reason: "must be at most 1000 characters") }
    }
}
