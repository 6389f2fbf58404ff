import Foundation
import GRDB

/// The tenant on disk: one SQLite file in WAL mode. Every write is one `BEGIN IMMEDIATE`
/// transaction, so several console processes on the same file are serialised by SQLite
/// (with a busy timeout) instead of failing with "database is locked".
public final class TenantStore: Sendable {
    public let path: String
    let pool: DatabasePool

    /// Opens an existing store, or creates an empty one (schema only) when `path` does not
    /// exist. A file that is not an mdmconsole store is refused and left untouched.
    public init(path: String) throws {
        self.path = path
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = fileManager.fileExists(atPath: path, isDirectory: &isDirectory)
        if exists {
            if isDirectory.boolValue { throw StoreError.isDirectory(path: path) }
            try TenantStore.checkIsOurs(path: path)
        } else {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                do {
                    try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw StoreError.cannotOpen(path: path, detail: "cannot create folder \(folder)")
                }
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.foreignKeysEnabled = true
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Schema.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, detail: error.message ?? "\(error.resultCode)")
        }
    }

    /// Refuses, before anything writes to it, a file that is not SQLite, a foreign SQLite
    /// database, or one from a newer schema.
    static func checkIsOurs(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError.cannotOpen(path: path, detail: "cannot read the file (permissions?)")
        }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        try? handle.close()
        if header.isEmpty { throw StoreError.notADatabase(path: path, detail: "the file is empty") }
        guard header == Data("SQLite format 3\0".utf8) else {
            throw StoreError.notADatabase(path: path, detail: "no SQLite header")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(30)
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            try queue.read { db in
                let tables = try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                guard tables.contains("grdb_migrations"), tables.contains("device") else {
                    throw StoreError.foreignDatabase(path: path)
                }
                let known = Set(Schema.migrator.migrations)
                let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
                let unknown = applied.filter { !known.contains($0) }
                if !unknown.isEmpty { throw StoreError.newerSchema(path: path, unknown: unknown) }
            }
        } catch let error as DatabaseError {
            throw StoreError.notADatabase(path: path, detail: error.message ?? "\(error.resultCode)")
        }
    }

    /// One write transaction, `BEGIN IMMEDIATE`: everything in `body` lands together or not at all.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                try Meta.bumpRevision(db)
                return .commit
            }
            return result!
        }
    }

    /// A consistent snapshot to read from.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }

    /// A number that changes whenever any process commits to this store: the console polls
    /// it to show others' writes without a key press.
    public func revision() throws -> Int64 {
        try pool.read { db in try Meta.revision(db) }
    }

    public func close() throws { try pool.close() }
}
