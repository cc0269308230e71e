/// One outbound POST: where, with which headers and body, and how long it may take once it has its connection.
public struct EgressRequest: Sendable {
    public var url: String
    public var headers: [(String, String)]
    public var body: [UInt8]
    /// From the moment the request may use a connection to the end of reading the answer.
    public var timeout: Duration

    public init(url: String, headers: [(String, String)] = [], body: [UInt8], timeout: Duration) {
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}
