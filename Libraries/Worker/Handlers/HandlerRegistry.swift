import Egress

/// The handlers a worker runs, by kind.
public struct HandlerRegistry: Sendable {
    private var handlers: [String: any JobHandler] = [:]

    public init(_ handlers: [any JobHandler] = []) {
        for handler in handlers { register(handler) }
    }

    /// Adds a handler; a later one for the same kind replaces the earlier.
    public mutating func register(_ handler: any JobHandler) {
        handlers[handler.kind] = handler
    }

    public func handler(for kind: String) -> (any JobHandler)? {
        handlers[kind]
    }

    public var kinds: [String] { handlers.keys.sorted() }

    /// The built-in kinds: `http` (through `egress`) and `noop`.
    public static func builtins(egress: EgressClient) -> HandlerRegistry {
        HandlerRegistry([HTTPJobHandler(egress: egress), NoopJobHandler()])
    }
}
