import Queue

extension JobRecord {
    var json: [String: Any?] {
        [
            "id": id, "queue": queue, "kind": kind, "payload": JSONResponse.raw(payload), "priority": priority, "state": state.rawValue,
            "attempt": attempt, "max_attempts": maxAttempts, "run_at": runAt, "unique_key": uniqueKey, "locked_by": lockedBy,
            "created_at": createdAt, "finished_at": finishedAt, "tags": tags,
            "timeout_seconds": timeoutSeconds, "result": result.map(JSONResponse.raw),
            "errors": errors.map { ["attempt": $0.attempt, "at": $0.at, "error": $0.error] as [String: Any] },
        ]
    }
}
