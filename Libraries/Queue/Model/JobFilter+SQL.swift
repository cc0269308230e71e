import PostgresNIO

extension JobFilter {
    /// The filter as a condition over the columns of `JobQueue.allJobs`, its values appended to `bindings`.
    /// A tag is matched with `@>` on tagged jobs, which the partial GIN indexes on `tags` serve.
    func sql(_ bindings: inout PostgresBindings, states: [JobState]? = nil) -> String {
        var conditions: [String] = []
        func add<Value: PostgresDynamicTypeEncodable>(_ condition: String, _ value: Value?) {
            guard let value else { return }
            bindings.append(value)
            conditions.append(condition.replacingOccurrences(of: "$?", with: "$\(bindings.count)"))
        }
        add("state = $?", state?.rawValue)
        add("state = ANY($?::text[])", states?.map(\.rawValue))
        add("queue = $?", queue)
        add("kind = $?", kind)
        add("tags <> '{}' AND tags @> ARRAY[$?::text]", tag)
        add("created_at >= $?", createdAfter)
        add("created_at < $?", createdBefore)
        add("finished_at >= $?", finishedAfter)
        add("finished_at < $?", finishedBefore)
        add("EXISTS (SELECT 1 FROM jsonb_array_elements(errors::jsonb) e WHERE strpos(lower(e->>'error'), lower($?)) > 0)", errorContains)
        add("id = ANY($?::int8[])", ids)
        return conditions.isEmpty ? "true" : conditions.joined(separator: " AND ")
    }
}
