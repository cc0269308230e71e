import Hummingbird
import Webhooks

/// `/v1/sources`: inbound webhook sources. Secrets are shown once (on create and rotate), never listed.
struct SourceRoutes {
    let services: AdminServices

    func add(to group: RouterGroup<AdminContext>) {
        group.get("/sources") { _, context in
            try context.require(.read)
            return JSONResponse.make(.ok, ["data": try await services.sources.list().map(Self.json)])
        }
        group.post("/sources") { request, context in
            try context.require(.write)
            let body = try await JSONBody(request, context: context)
            let new = try Self.newSource(body)
            let (source, secret) = try await services.mutation { connection in
                let added = try await services.sources.add(new, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "source.create", resourceType: "source", resourceID: new.name,
                                          payload: ["scheme": new.scheme.rawValue, "secret": "given or generated", "public_keys": new.publicKeys])
                return added
            }
            var answer = Self.json(source)
            answer["secret"] = secret
            return JSONResponse.make(.created, answer)
        }
        group.get("/sources/:name") { _, context in
            try context.require(.read)
            return JSONResponse.make(.ok, Self.json(try await services.sources.get(try context.parameters.require("name"))))
        }
        group.patch("/sources/:name") { request, context in
            try context.require(.write)
            let name = try context.parameters.require("name")
            let body = try await JSONBody(request, context: context)
            let change = SourceChange(
                enabled: try body.bool("enabled"),
                rateLimit: try body.int("rate_limit", in: 0...1_000_000),
                toleranceSeconds: try body.int("tolerance_seconds", in: 1...86_400),
                bodyLimit: try body.int("body_limit_bytes", in: 1...(64 << 20)),
                publicKeys: try Self.publicKeys(body)
            )
            let source = try await services.mutation { connection in
                let source = try await services.sources.update(name, change, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "source.update", resourceType: "source", resourceID: name,
                                          payload: ["enabled": change.enabled, "rate_limit": change.rateLimit,
                                                    "tolerance_seconds": change.toleranceSeconds, "body_limit_bytes": change.bodyLimit,
                                                    "public_keys": change.publicKeys])
                return source
            }
            return JSONResponse.make(.ok, Self.json(source))
        }
        group.delete("/sources/:name") { _, context in
            try context.require(.write)
            let name = try context.parameters.require("name")
            try await services.mutation { connection in
                try await services.sources.delete(name, on: connection)
                try await AuditLog.record(on: connection, context: context, action: "source.delete", resourceType: "source", resourceID: name)
            }
            return Response(status: .noContent)
        }
        group.post("/sources/:name/rotate-secret") { request, context in
            try context.require(.write)
            let name = try context.parameters.require("name")
            let overlap = try await JSONBody(request, context: context).int("overlap_seconds", in: 0...2_592_000) ?? 86_400
            let secret = try await services.mutation { connection in
                let secret = try await services.sources.rotateSecret(name, overlap: .seconds(overlap), on: connection)
                try await AuditLog.record(on: connection, context: context, action: "source.rotate_secret", resourceType: "source", resourceID: name,
                                          payload: ["overlap_seconds": overlap])
                return secret
            }
            return JSONResponse.make(.ok, ["name": name, "secret": secret, "overlap_seconds": overlap])
        }
    }

    static func newSource(_ body: JSONBody) throws -> NewSource {
        let schemeName = try body.string("scheme") ?? SignatureScheme.standard.rawValue
        guard let scheme = SignatureScheme(rawValue: schemeName) else {
            throw InvalidInput("scheme", "must be one of \(SignatureScheme.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var source = NewSource(name: try body.requiredString("name", maxLength: 64), scheme: scheme, secret: try body.string("secret", maxLength: 512))
        source.tolerance = .seconds(try body.int("tolerance_seconds", in: 1...86_400) ?? 300)
        source.bodyLimit = try body.int("body_limit_bytes", in: 1...(64 << 20)) ?? Source.defaultBodyLimit
        source.rateLimit = try body.int("rate_limit", in: 1...1_000_000)
        source.expectsJSON = try body.bool("expects_json") ?? true
        source.insecure = try body.bool("insecure") ?? false
        source.publicKeys = try publicKeys(body) ?? []
        // Encoding and prefix are checked even without a header (where they do nothing), so a bad value is never silently taken.
        let encodingName = try body.string("hmac_encoding") ?? HMACHeaderSettings.Encoding.hex.rawValue
        guard let encoding = HMACHeaderSettings.Encoding(rawValue: encodingName) else { throw InvalidInput("hmac_encoding", "must be hex or base64") }
        let prefix = try body.string("hmac_prefix", maxLength: 50) ?? ""
        if let header = try body.string("hmac_header", maxLength: 100) {
            source.hmacHeader = HMACHeaderSettings(header: header, encoding: encoding, prefix: prefix)
        }
        return source
    }

    /// `public_keys`: Ed25519 `whpk_...` keys; `[]` on an update removes them all. The store checks each key.
    static func publicKeys(_ body: JSONBody) throws -> [String]? {
        try body.strings("public_keys", maxCount: NewSource.maxPublicKeys, allowEmpty: true)
    }

    static func json(_ source: Source) -> [String: Any?] {
        [
            "id": source.id, "name": source.name, "scheme": source.scheme.rawValue, "tolerance_seconds": Int(source.tolerance.components.seconds),
            "body_limit_bytes": source.bodyLimit, "rate_limit": source.rateLimit, "expects_json": source.expectsJSON,
            "insecure": source.insecure, "enabled": source.enabled, "public_keys": source.publicKeys,
            "hmac_header": source.hmacHeader.map { ["header": $0.header, "encoding": $0.encoding.rawValue, "prefix": $0.prefix] as [String: Any] },
        ]
    }
}
