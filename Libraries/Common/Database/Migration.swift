import Foundation

/// One numbered SQL file from `Database/Migrations` (`0001_jobs.sql` is version 1, name `jobs`).
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String

    /// The migrations shipped with Sluice, in version order.
    public static func bundled() throws -> [Migration] {
        guard let folder = Bundle.module.url(forResource: "Migrations", withExtension: nil) else {
            throw MigrationError.missingBundle
        }
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        let migrations = try files.filter { $0.pathExtension == "sql" }.map { url in
            let stem = url.deletingPathExtension().lastPathComponent
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]) else {
                throw MigrationError.badFileName(url.lastPathComponent)
            }
            return Migration(version: version, name: String(stem[stem.index(after: underscore)...]), sql: try String(contentsOf: url, encoding: .utf8))
        }
        return migrations.sorted { $0.version < $1.version }
    }
}

public enum MigrationError: Error, CustomStringConvertible {
    case missingBundle
    case badFileName(String)

    public var description: String {
        switch self {
        case .missingBundle: "the Migrations folder is missing from the Common resource bundle"
        case .badFileName(let name): "migration file '\(name)' is not named NNNN_name.sql"
        }
    }
}
