import Common
import Crypto
import Foundation
import Hummingbird
import Logging

/// `POST /hooks/{source}`: verify, dedupe, store with its processing job in one transaction, then answer.
/// 202 stored, 200 duplicate, 400 malformed, 401 bad signature, 404 unknown source, 405 wrong method,
/// 413 too large, 429 rate limited, 503 when the database cannot take it. Never a 2xx before the commit.
public struct HookRoutes<Context: RequestContext>: Sendable {
    let sources: SourceCache
    let writer: EventWriter
    let limiter = RateLimiter()

    public init(sources: SourceCache, writer: EventWriter) {
        self.sources = sources
        self.writer = writer
    }

    public func add(to router: Router<Context>) {
        router.post("/hooks/:source") { request, context in try await receive(request, context: context) }
    }

    func receive(_ request: Request, context: Context) async throws -> Response {
        let name = try context.parameters.require("source")
        let resolved: ResolvedSource?
        do {
            resolved = try await sources.get(name)
        } catch {
            context.logger.error("source lookup failed", metadata: ["source": "\(name)", "error": "\(String(reflecting: error))"])
            ReceiverMetrics.count(ReceiverMetrics.unknownSource, .unavailable)
            throw ServiceError.databaseUnavailable()
        }
        guard let resolved, resolved.source.enabled else {
            ReceiverMetrics.count(resolved == nil ? ReceiverMetrics.unknownSource : name, .unknownSource)
            throw ServiceError(.notFound, code: "unknown_source", message: "no enabled source named '\(name)'")
        }
        let source = resolved.source
        if let rate = source.rateLimit, let wait = limiter.admit(name, rate: rate) {
            ReceiverMetrics.count(name, .rateLimited)
            let seconds = max(1, Int(wait.seconds.rounded(.up)))
            throw ServiceError(.tooManyRequests, code: "rate_limited", message: "over \(rate) requests per second", headers: [.retryAfter: "\(seconds)"])
        }
        var request = request
        let body: [UInt8]
        do {
            body = Array(buffer: try await request.collectBody(upTo: source.bodyLimit))
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            ReceiverMetrics.count(name, .tooLarge)
            throw error
        }
        let event = try verified(request, body: body, resolved: resolved, context: context)
        let outcome: StoreOutcome
        do {
            outcome = try await writer.store(event)
        } catch {
            ReceiverMetrics.count(name, .unavailable)
            throw ServiceError.databaseUnavailable()
        }
        switch outcome {
        case .stored(let id):
            ReceiverMetrics.count(name, .accepted)
            return Self.answer(.accepted, id: id, status: "stored")
        case .duplicate(let id):
            ReceiverMetrics.count(name, .duplicate)
            return Self.answer(.ok, id: id, status: "duplicate")
        }
    }

    private func verified(_ request: Request, body: [UInt8], resolved: ResolvedSource, context: Context) throws -> InboundEvent {
        let source = resolved.source
        let externalID: String?
        do {
            guard source.scheme != .none || source.insecure else { throw VerificationError.badSignature }
            let verification = VerificationContext(
                secrets: resolved.secrets, publicKeys: source.publicKeys, tolerance: source.tolerance, hmacHeader: source.hmacHeader)
            externalID = try source.scheme.verifier.verify(headers: request.headers, body: body, context: verification)
        } catch let error as VerificationError {
            context.logger.info("webhook rejected", metadata: ["source": "\(source.name)", "reason": "\(error)"])
            if case .malformedHeader = error {
                ReceiverMetrics.count(source.name, .malformed)
                throw ServiceError(.badRequest, code: "malformed_request", message: error.description)
            }
            ReceiverMetrics.count(source.name, .invalidSignature)
            throw ServiceError(.unauthorized, code: "invalid_signature", message: error.description)
        }
        let json = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
        if source.expectsJSON, json == nil {
            ReceiverMetrics.count(source.name, .malformed)
            throw ServiceError(.badRequest, code: "malformed_body", message: "the body is not JSON")
        }
        return InboundEvent(
            sourceID: source.id,
            externalID: externalID ?? "sha256:" + Hex.encode(Array(SHA256.hash(data: body))),
            eventType: EventType.of(scheme: source.scheme, headers: request.headers, json: json),
            headersJSON: StoredHeaders.json(request.headers),
            body: body
        )
    }

    static func answer(_ status: HTTPResponse.Status, id: Int64, status state: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: #"{"id":\#(id),"status":"\#(state)"}"#))
        )
    }
}
