import ArgumentParser
import NIOCore
import NIOHTTP1
import NIOPosix

/// `sink --port P`: the webhook endpoints of `Benchmarks/fanout`, on loopback. `POST /<name>` reads the body and
/// answers 204 at once; a name given to `--slow` answers 204 after `--slow-seconds`, one given to `--fail` answers
/// 500 at once. Runs until SIGTERM or SIGINT.
///
/// It stands for the partners' servers, which run on other machines: it answers on its event loop, without a hop
/// into Swift concurrency per request, so that it takes as little as it can of the CPU the benchmark measures.
struct SinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sink", abstract: "A fast local webhook endpoint: 204, or slow or 500 on chosen paths.")

    @Option(help: "Port on 127.0.0.1.") var port: Int
    @Option(help: "Path names (without '/') that answer only after --slow-seconds.") var slow: [String] = []
    @Option(help: "Seconds a slow path takes.") var slowSeconds = 5.0
    @Option(help: "Path names (without '/') that answer 500.") var fail: [String] = []

    func run() async throws {
        let answers = SinkAnswers(slow: Set(slow.map { "/" + $0 }), fail: Set(fail.map { "/" + $0 }), delay: .milliseconds(Int64(slowSeconds * 1000)))
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(SinkHandler(answers: answers))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        try await channel.closeFuture.get()
    }
}

/// Which paths answer late and which fail.
struct SinkAnswers: Sendable {
    let slow: Set<String>
    let fail: Set<String>
    let delay: TimeAmount
}

/// Answers each request once its body has been read; keep-alive and pipelining are the server pipeline's.
final class SinkHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let answers: SinkAnswers
    private var request: HTTPRequestHead?

    init(answers: SinkAnswers) {
        self.answers = answers
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            request = head
        case .body:
            break
        case .end:
            guard let head = request else { return }
            request = nil
            let path = String(head.uri.prefix { $0 != "?" })
            if answers.fail.contains(path) {
                respond(.internalServerError, to: head, context: context)
            } else if answers.slow.contains(path) {
                let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: answers.delay) {
                    let (handler, context) = loopBound.value
                    handler.respond(.noContent, to: head, context: context)
                }
            } else {
                respond(.noContent, to: head, context: context)
            }
        }
    }

    private func respond(_ status: HTTPResponseStatus, to request: HTTPRequestHead, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Length", value: "0")
        if !request.isKeepAlive { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))), promise: nil)
        let sent = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !request.isKeepAlive {
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            sent.whenComplete { _ in loopBound.value.close(promise: nil) }
        }
    }
}
