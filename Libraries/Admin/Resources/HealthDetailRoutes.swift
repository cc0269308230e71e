import Foundation
import Hummingbird
import Outbound
import Queue

/// `GET /v1/health`: what a monitoring probe wants — database, live workers and their last heartbeat,
/// queue depth and state counts, paused queues and kinds, and how many outbound endpoints are disabled or failing. 503 when the database does not answer.
struct HealthDetailRoutes {
    let services: AdminServices

    func add(to group: RouterGroup<AdminContext>) {
        group.get("/health") { _, context in
            try context.require(.read)
            let started = ContinuousClock.now
            let stats: [QueueStat]
            let workers: [WorkerInfo]
            let endpoints: EndpointHealthSummary
            let controls: QueueControls
            do {
                stats = try await services.queue.stats()
                workers = try await services.queue.workers()
                endpoints = try await services.endpoints.healthSummary()
                controls = try await services.queue.controls()
            } catch {
                context.logger.error("health check failed", metadata: ["error": "\(String(reflecting: error))"])
                return JSONResponse.make(.serviceUnavailable, ["status": "unavailable", "database": ["status": "down"]])
            }
            let latency = (ContinuousClock.now - started).seconds * 1000
            var depth: [String: Int] = [:]
            for stat in stats where stat.state == .available || stat.state == .retryable || stat.state == .scheduled {
                depth[stat.queue, default: 0] += stat.count
            }
            return JSONResponse.make(.ok, [
                "status": "ok",
                "database": ["status": "up", "latency_ms": (latency * 10).rounded() / 10],
                "workers": workers.map {
                    ["id": $0.id, "hostname": $0.hostname, "queues": $0.queues, "concurrency": $0.concurrency, "last_heartbeat_at": $0.heartbeatAt] as [String: Any?]
                },
                "queues": depth.keys.sorted().map { ["queue": $0, "depth": depth[$0]!] as [String: Any] },
                "endpoints": ["total": endpoints.total, "disabled": endpoints.disabled, "failing": endpoints.failing],
                "paused": controls.rows.filter(\.paused).map { ["queue": $0.queue, "kind": $0.kind, "paused_at": $0.pausedAt] as [String: Any?] },
                "states": stats.map { ["queue": $0.queue, "kind": $0.kind, "state": $0.state.rawValue, "count": $0.count] as [String: Any] },
            ])
        }
    }
}
