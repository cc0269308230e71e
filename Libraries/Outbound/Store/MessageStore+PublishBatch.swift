import Common
import Foundation
import PostgresNIO
import Queue

extension MessageStore {
    /// Publishes `requests` in one transaction: their applications and endpoints read in one statement, every message
    /// and its deliveries in another, every delivery job in one enqueue, every audit row in one insert. A request for
    /// an unknown application answers `notFound` and the others go on. Should the server refuse the batch (an
    /// application deleted meanwhile), each request is written alone, so that it fails only its own caller.
    func publish(batch requests: [PublishRequest]) async throws -> [Result<PublishResult, any Error>] {
        do {
            return try await database.perform(on: nil) { connection in try await write(requests, on: connection) }
        } catch let error as PSQLError where error.code == .server && requests.count > 1 {
            return await withTaskGroup(of: (Int, Result<PublishResult, any Error>).self) { group in
                for (index, request) in requests.enumerated() {
                    group.addTask {
                        do {
                            return (index, try await publish(batch: [request])[0])
                        } catch {
                            return (index, .failure(error))
                        }
                    }
                }
                var results = [Result<PublishResult, any Error>](repeating: .failure(CancellationError()), count: requests.count)
                for await (index, result) in group { results[index] = result }
                return results
            }
        }
    }

    private func write(_ requests: [PublishRequest], on connection: PostgresConnection) async throws -> [Result<PublishResult, any Error>] {
        let read = PublishTargetsStatement(uids: Array(Set(requests.map(\.application))))
        let (applications, endpoints) = PublishTargetsStatement.targets(
            try await connection.execute(read, poolMode: queue.poolMode, logger: database.logger)
        )
        let accepted = requests.indices.compactMap { index in applications[requests[index].application].map { (index, $0) } }
        var statement = PublishStatement()
        for (index, application) in accepted {
            let request = requests[index]
            let targets = endpoints[application.id, default: []].filter { $0.filter.matches(request.eventType) }.map(\.id)
            statement.add(
                applicationID: application.id, eventType: request.eventType, eventID: request.eventID, payload: request.payload, endpointIDs: targets
            )
        }
        let rows = statement.isEmpty ? [] : try await connection.execute(statement, poolMode: queue.poolMode, logger: database.logger)
        var results = requests.map { request -> Result<PublishResult, any Error> in
            .failure(OutboundError.notFound("application \(request.application)"))
        }
        var jobs: [NewJob] = []
        var entries: [AuditTrail.Entry] = []
        for ((index, application), (id, createdAt, deliveries)) in zip(accepted, rows) {
            let request = requests[index]
            jobs += deliveries.map { OutboundJobs.deliver($0, schedule: application.retrySchedule) }
            let message = Message(
                id: id, applicationID: application.id, eventType: request.eventType, eventID: request.eventID, payload: request.payload,
                operational: false, createdAt: createdAt
            )
            let result = PublishResult(message: message, deliveries: deliveries.count, replayed: false)
            entries.append(try request.audit(result))
            results[index] = .success(result)
        }
        _ = try await queue.enqueue(jobs, on: connection)
        try await AuditTrail.insert(entries, on: connection, logger: database.logger)
        return results
    }
}
