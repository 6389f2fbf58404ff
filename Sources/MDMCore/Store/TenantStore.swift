import Foundation
import GRDB

/// The tenant on disk: one SQLite file in WAL mode. Every write is one `BEGIN IMMEDIATE`
/// transaction, so several console processes on the same file are serialised by SQLite
/// (with a busy timeout) instead of failing with "database is locked".
public final class TenantStore: Sendable {
    public let path: String
    /// A WAL `DatabasePool` on a file; any GRDB writer (an in-memory `DatabaseQueue`) for tests.
    let pool: any DatabaseWriter
    /// How long writes waited for the write lock, and how often SQLite still said "busy"
    /// (`serve`'s metrics read it).
    public let writeWaits = StoreWriteWaits()
    /// The file opened (device and inode): a store replaced under an open console (by
    /// `demo --force`, a restore, `mv`) is noticed instead of written into a deleted file.
    let identity: FileIdentity?

    /// Opens an existing store, or creates an empty one (schema only) when `path` does not
    /// exist. A file that is not an mdmconsole store is refused and left untouched.
    /// `trace`, when given, receives every SQL statement run, with its values in place
    /// (the benchmark replays them in the sqlite3 shell to compare). `upgrading`, when given,
    /// is told how far the store's pending migrations have come, as they run (a big tenant's
    /// upgrade builds indexes for minutes, and the user should see why opening takes a while).
    public init(path: String, trace: (@Sendable (String) -> Void)? = nil, upgrading: ((StoreUpgrade.Progress) -> Void)? = nil) throws {
        self.path = path
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = fileManager.fileExists(atPath: path, isDirectory: &isDirectory)
        let folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        if exists {
            if isDirectory.boolValue { throw StoreError.isDirectory(path: path) }
            try TenantStore.checkHeader(path: path)
            // SQLite in WAL mode writes the file and, beside it, its -wal and -shm files.
            if access(path, W_OK) != 0 { throw StoreError.readOnly(path: path, detail: "the file is read-only") }
            if access(folder, W_OK) != 0 {
                throw StoreError.readOnly(path: path, detail: "its folder \(folder) is read-only, and SQLite needs to write its -wal and -shm files there")
            }
            try TenantStore.checkSchema(path: path)
        } else {
            do {
                try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw StoreError.cannotOpen(path: path, detail: "cannot create folder \(folder)")
            }
            if access(folder, W_OK) != 0 { throw StoreError.readOnly(path: path, detail: "cannot create it: its folder \(folder) is read-only") }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.foreignKeysEnabled = true
        if let trace {
            configuration.prepareDatabase { db in db.trace { event in trace(event.expandedDescription) } }
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            if exists, let upgrading, let observer = try StoreUpgrade.observer(pool, report: upgrading) {
                try Schema.migrator(observer: observer).migrate(pool)
            } else {
                try Schema.migrator.migrate(pool)
            }
            try RoleUpgrade.run(pool)
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, detail: error.message ?? "\(error.resultCode)")
        }
        identity = FileIdentity(path: path)
    }

    /// A store over any GRDB writer, migrated to the current schema: an in-memory
    /// `DatabaseQueue()` gives unit tests a whole tenant without a file. `name` stands for
    /// the path in messages.
    public init(writer: any DatabaseWriter, name: String = ":memory:") throws {
        path = name
        pool = writer
        identity = nil
        try Schema.migrator.migrate(writer)
        try RoleUpgrade.run(writer)
    }

    /// Throws `StoreError.replaced` when the file at `path` is no longer the one this store
    /// opened (deleted, or another file moved into its place).
    public func checkInPlace() throws {
        guard let identity, FileIdentity(path: path) != identity else { return }
        throw StoreError.replaced(path: path)
    }

    /// Refuses, before anything writes to it, a file that is not SQLite.
    static func checkHeader(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError.cannotOpen(path: path, detail: "cannot read the file (permissions?)")
        }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        try? handle.close()
        if header.isEmpty { throw StoreError.notADatabase(path: path, detail: "the file is empty") }
        guard header == Data("SQLite format 3\0".utf8) else {
            throw StoreError.notADatabase(path: path, detail: "no SQLite header")
        }
    }

    /// Refuses a damaged database, a foreign SQLite database, or one from a newer schema,
    /// reading only.
    static func checkSchema(path: String) throws {
        // Even a read-only look at a WAL-mode file creates its -wal and -shm companions:
        // remove the ones this look created if the file is refused.
        let companions = ["-wal", "-shm"].map { path + $0 }.filter { !FileManager.default.fileExists(atPath: $0) }
        do {
            try probeSchema(path: path)
        } catch {
            for companion in companions { try? FileManager.default.removeItem(atPath: companion) }
            throw error
        }
    }

    static func probeSchema(path: String) throws {
        try readOnly(path: path) { db in try probeSchema(db, path: path) }
    }

    static func probeSchema(_ db: Database, path: String) throws {
        let tables = try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        guard tables.contains("grdb_migrations"), tables.contains("device") else {
            throw StoreError.foreignDatabase(path: path)
        }
        let known = Set(Schema.migrator.migrations)
        let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        let unknown = applied.filter { !known.contains($0) }
        if !unknown.isEmpty { throw StoreError.newerSchema(path: path, unknown: unknown) }
    }

    /// One read through a read-only connection: unlike a pool, it writes nothing to the file.
    static func readOnly<T>(path: String, _ body: (Database) throws -> T) throws -> T {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(30)
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read(body)
        } catch let error as DatabaseError {
            throw StoreError.damaged(path: path, detail: error.message ?? "\(error.resultCode)")
        }
    }

    /// The tenant clock of the store at `path`, read without opening it for writing:
    /// opening a pool writes to the file (GRDB creates and drops a table to set up WAL), and
    /// an import that refuses its file must leave the store byte-for-byte as it was.
    /// Refuses what `init` refuses (not SQLite, foreign, damaged, newer).
    public static func peekClock(path: String) throws -> Date {
        guard let clock = try peek(path: path, { db in try TenantClock.now(db) }) else {
            throw StoreError.cannotOpen(path: path, detail: "no such file")
        }
        return clock
    }

    /// Whether the mdmconsole store at `path` holds a tenant, read without writing to it;
    /// refuses what `init` refuses, so nothing but an mdmconsole store is ever replaced.
    public static func peekTenant(path: String) throws -> Bool {
        try peek(path: path) { db in try Meta.get(db, TenantClock.key) != nil } ?? false
    }

    /// One read of the mdmconsole store at `path` that leaves the file as it was (nil when
    /// there is no file): refuses a directory, a file that is not SQLite, a foreign, damaged
    /// or newer database, and removes the -wal and -shm files the look itself created.
    static func peek<T>(path: String, _ body: (Database) throws -> T) throws -> T? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue { throw StoreError.isDirectory(path: path) }
        try checkHeader(path: path)
        let companions = ["-wal", "-shm"].map { path + $0 }.filter { !FileManager.default.fileExists(atPath: $0) }
        defer { for companion in companions { try? FileManager.default.removeItem(atPath: companion) } }
        return try readOnly(path: path) { db in
            try probeSchema(db, path: path)
            return try body(db)
        }
    }

    /// One write transaction, `BEGIN IMMEDIATE`: everything in `body` lands together or not at
    /// all. Writers from other processes are waited for (busy timeout), and should SQLite
    /// still answer "busy" (during recovery after a crash, say) the transaction is retried,
    /// so "database is locked" never reaches a user.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        try checkInPlace()
        let deadline = Date().addingTimeInterval(TenantStore.busyPatience)
        var pause: UInt32 = 5_000
        let asked = ContinuousClock.now
        while true {
            do {
                return try pool.writeWithoutTransaction { db in
                    var result: T?
                    try db.inTransaction(.immediate) {
                        writeWaits.recordWait(ContinuousClock.now - asked)
                        result = try body(db)
                        try Meta.bumpRevision(db)
                        return .commit
                    }
                    return result!
                }
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                writeWaits.recordBusy()
                guard Date() < deadline else { throw StoreError.busy(path: path, seconds: Int(TenantStore.busyPatience)) }
                usleep(pause)
                pause = min(pause * 2, 200_000)
            }
        }
    }

    /// The store's schema version: how many of the schema's migrations it has (`/healthz`).
    public func schemaVersion() throws -> Int {
        try read { db in try Schema.migrator.appliedIdentifiers(db).count }
    }

    /// How long a write waits for other writers before giving up with a clear message.
    static let busyPatience: TimeInterval = 120

    /// A consistent snapshot to read from.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }

    /// A number that changes whenever any process commits to this store: the console polls
    /// it to show others' writes without a key press.
    public func revision() throws -> Int64 {
        try checkInPlace()
        return try pool.read { db in try Meta.revision(db) }
    }

    /// Bulk fills (a demo, an import) touch index pages all over a big file: a large page
    /// cache for the writer keeps them in memory instead of re-reading them for every row.
    package func useBulkWriteCache(mebibytes: Int = 256) throws {
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = -\(mebibytes * 1024)") }
    }

    /// Closes every connection, the WAL checkpointed into the file first: SQLite only does it
    /// by itself when the last connection to close is the writer, and a store moved into
    /// place (a demo, an import) must be whole without its -wal beside it. Where another
    /// process still reads the file the checkpoint may not complete; the WAL then stays,
    /// which is just as correct (it is part of the database), so that is not an error.
    public func close() throws {
        try? pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        try pool.close()
    }
}
