import Common
import Egress
import Foundation
import Logging
import PostgresNIO
import Queue
import Webhooks
import Worker

/// Kind `message.deliver`: one attempt of one message to one endpoint. POSTs the payload signed with Standard
/// Webhooks headers (`webhook-id` is the message's, stable across retries and resends; one `v1` signature per live
/// secret and a `v1a` one when the endpoint has an Ed25519 key), logs the attempt, and schedules the next one from
/// the application's retry schedule (honouring `Retry-After`), or gives the delivery up after the last. Limits of
/// the endpoint that say "not now" snooze the job without charging the attempt.
public struct MessageDeliverer: JobHandler {
    public let kind = OutboundJobs.deliverKind
    let client: PostgresClient
    let targets: TargetLoader
    let egress: EgressClient
    let settings: DeliverySettings
    let gate: EndpointGate
    let recorder: AttemptRecorder
    let health: EndpointHealth
    let metrics: DeliveryMetrics
    let logger: Logger

    static let databaseDeadline: Duration = .seconds(30)

    struct Payload: Decodable {
        let deliveryID: Int64

        enum CodingKeys: String, CodingKey {
            case deliveryID = "delivery_id"
        }
    }

    public func run(_ job: JobContext) async throws {
        let deliveryID = try job.decodePayload(Payload.self).deliveryID
        guard let target = try await targets.load(deliveryID) else { throw JobFailed("delivery \(deliveryID) no longer exists", permanent: true) }
        guard target.status != .succeeded else { return }
        guard target.enabled else { return try await markDisabled(target, logger: job.logger) }
        let limits = EndpointGate.Limits(
            maxConcurrency: target.maxConcurrency ?? settings.endpointConcurrency, ratePerSecond: target.endpointRateLimit ?? target.applicationRateLimit
        )
        if let wait = gate.admit(target.endpointID, limits: limits) {
            metrics.heldBack.increment()
            throw JobSnoozed(wait)
        }
        let startedAt = Date.now
        let result = await attempt(target)
        gate.finish(target.endpointID, success: !result.endpointTrouble, latency: result.latency)
        metrics.openCircuits.set(Double(gate.openCircuits))
        metrics.attempted(statusClass: result.statusClass, latency: result.latency)
        let last = result.permanent || result.gone || job.job.isLastAttempt
        let wait = last || result.succeeded ? nil : RetrySchedule.wait(
            scheduled: target.schedule.delay(afterAttempt: job.job.attempt), retryAfter: result.retryAfter, overloaded: result.overloaded
        )
        let status: Delivery.Status = result.succeeded ? .succeeded : last ? .failed : .pending
        let recorded = try await recorder.record(
            AttemptRecord(
                deliveryID: target.deliveryID, endpointID: target.endpointID, startedAt: startedAt, succeeded: result.succeeded,
                statusCode: result.statusCode, latency: result.latency, error: result.error, responseHeaders: result.responseHeaders,
                responseBody: result.responseBody, status: status, nextAttemptAt: wait.map { startedAt.addingTimeInterval($0.seconds) }
            )
        )
        let outcome = result.succeeded ? "succeeded" : last ? "exhausted" : "retrying"
        metrics.delivered(application: target.applicationUID, outcome: outcome)
        if result.gone {
            await disable(target.endpointID, reason: "the endpoint answered 410 Gone", logger: job.logger)
        } else if recorded.endpointOverdue {
            await disable(target.endpointID, reason: "every attempt failed for \(Int(settings.disableAfter.seconds)) s", logger: job.logger)
        }
        guard !result.succeeded else { return }
        let message = result.error ?? "failed"
        if last {
            do {
                try await health.exhausted(target, attempts: recorded.attempt, lastError: message)
            } catch {
                job.logger.error("announcing an exhausted delivery failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            throw JobFailed(message, permanent: true)
        }
        throw JobFailed(message, retryIn: wait)
    }

    private func attempt(_ target: DeliveryTarget) async -> AttemptResult {
        let body = Array(target.message.payload.utf8)
        var headers: [(String, String)] = [("Content-Type", "application/json")]
        for (name, value) in target.headers.sorted(by: { $0.key < $1.key }) { headers.append((name, value)) }
        do {
            let signed = try StandardWebhooksSigner.headers(
                id: target.message.webhookID, timestamp: .now, body: body, secrets: target.secrets, signingKeys: target.signingKeys
            )
            for field in signed { headers.append((field.name.rawName, field.value)) }
        } catch {
            return AttemptResult(error: .invalidURL("the endpoint's signing secret is unusable"), latency: .zero)
        }
        let started = ContinuousClock.now
        do {
            let response = try await egress.post(EgressRequest(url: target.url, headers: headers, body: body, timeout: settings.timeout), excerptLimit: settings.excerptLimit)
            return AttemptResult(response: response)
        } catch {
            return AttemptResult(error: error, latency: ContinuousClock.now - started)
        }
    }

    private func disable(_ endpointID: Int64, reason: String, logger: Logger) async {
        do {
            if try await health.disable(endpointID, reason: reason) {
                metrics.disabled.increment()
            }
        } catch {
            logger.error("disabling an endpoint failed", metadata: ["endpoint_id": "\(endpointID)", "error": "\(String(reflecting: error))"])
        }
    }

    /// The endpoint was disabled after this delivery was enqueued: the delivery fails without an attempt, and
    /// `recover` or a resend sends it once the endpoint is enabled again.
    private func markDisabled(_ target: DeliveryTarget, logger: Logger) async throws {
        _ = try await withDeadline(Self.databaseDeadline) { [client] in
            try await client.query("UPDATE deliveries SET status = 'failed', next_attempt_at = NULL WHERE id = \(target.deliveryID)", logger: logger).collect()
        }
    }
}
