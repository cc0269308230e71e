/// Kind `noop`: does nothing and succeeds, for benchmarks and smoke tests.
public struct NoopJobHandler: JobHandler {
    public let kind = "noop"

    public init() {}

    public func run(_ job: JobContext) async throws {}
}
