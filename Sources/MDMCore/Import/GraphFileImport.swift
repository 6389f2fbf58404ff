import Foundation
import GRDB

/// A Graph JSON file imported in flat memory: read twice, never held. The first pass checks
/// every device (the same checks, messages and JSON paths as reading it whole) with the ids
/// seen kept in a temporary SQLite file; only a file without a single problem gets a second
/// pass, which writes each device as it is read, in one transaction (so a failure leaves the
/// store as it was). The file is mapped and its pages given back as each pass moves on.
public struct GraphFileImport {
    public let file: String
    let mapped: MappedFile
    /// Devices in the file, known after `check`.
    public private(set) var count = 0

    /// Opens `file` (after the same refusals as `InventoryImport.load`, but for size: nothing
    /// of it is held, so a file of any size can be imported).
    public init(file: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else { throw ImportError(file: file, "no such file") }
        if isDirectory.boolValue { throw ImportError(file: file, "is a directory, not a file") }
        // A FIFO would block the open, a device never end: only a regular file is read.
        var status = stat()
        guard stat(file, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw ImportError(file: file, "not a regular file (a device, a pipe or a socket cannot be imported)")
        }
        self.file = file
        mapped = try MappedFile(path: file)
    }

    /// Whether the file starts like Graph JSON (`{` or `[`), as `ImportFormat.guess` decides.
    public var looksLikeGraph: Bool { ImportFormat.guess(mapped.bytes) == .graph }

    /// The first pass: every problem (up to the listing limit), or the number of devices.
    public mutating func check(now: Date) throws {
        let bytes = mapped.bytes
        if ImportFormat.firstContent(bytes) == nil { throw ImportError(file: file, "the file is empty") }
        if let notText = InventoryValues.checkText(bytes, release: mapped.release) { throw ImportError(file: file, notText) }
        mapped.rewind()
        var problems = ImportProblems()
        var count = 0
        let seen = try SeenIds()
        try seen.inTransaction { firstPath in
            try GraphDeviceReader.stream(bytes, now: now, problems: &problems, firstPath: firstPath) { _, offset in
                count += 1
                mapped.release(upTo: offset)
            }
        }
        mapped.release(upTo: mapped.count)
        if !problems.isEmpty { throw ImportError(file: file, problems) }
        if count == 0 { throw ImportError(file: file, "the file holds no devices") }
        self.count = count
    }

    /// The second pass into an existing store (Administrators only, as `InventoryImport.apply`).
    public func apply(replace: Bool, to store: TenantStore, by upn: String, progress: ((Double) -> Void)? = nil) throws -> InventoryImport.Summary {
        try InventoryImport.asAdministrator(upn, file: file, store: store) { db, now in
            try write(db, replace: replace, by: upn, now: now, progress: progress)
        }
    }

    /// The second pass into a new store beside `path`, moved into place once complete.
    public func createTenant(at path: String, creator: String, creatorLogin: String? = nil, now: Date,
                             progress: ((Double) -> Void)? = nil) throws -> InventoryImport.Summary {
        try StoreFile.buildBeside(path, replacing: false) { store in
            try store.write { db in
                try InventoryImport.found(db, file: file, creator: creator, creatorLogin: creatorLogin, now: now)
                return try write(db, replace: false, by: creator, now: now, progress: progress)
            }
        }
    }

    func write(_ db: Database, replace: Bool, by upn: String, now: Date, progress: ((Double) -> Void)?) throws -> InventoryImport.Summary {
        mapped.rewind()
        return try InventoryImport.write(count: count, format: .graph, file: file, replace: replace, db: db, by: upn, now: now, progress: progress) { take in
            var problems = ImportProblems()
            // Checked already; a file changed since is caught here and nothing is kept.
            try GraphDeviceReader.stream(mapped.bytes, now: now, problems: &problems, firstPath: { _, _ in nil }) { device, offset in
                try take(device)
                mapped.release(upTo: offset)
            }
            mapped.release(upTo: mapped.count)
            if !problems.isEmpty { throw ImportError(file: file, problems) }
        }
    }
}

/// The ids a file has shown so far and where each was first, in a temporary SQLite file (a
/// million ids in memory would be a hundred megabytes), deleted when done.
final class SeenIds {
    private let folder: URL
    private let queue: DatabaseQueue

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var configuration = Configuration()
        // Scratch: nothing to recover after a crash, and 8 MB of cache is plenty.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -8000") }
        queue = try DatabaseQueue(path: folder.appendingPathComponent("seen.sqlite").path, configuration: configuration)
        try queue.write { db in try db.execute(sql: "CREATE TABLE seen(id TEXT PRIMARY KEY, path TEXT NOT NULL) WITHOUT ROWID") }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Runs `body` with a `firstPath(id, path)` that records the id and answers where it was
    /// first seen, if before.
    func inTransaction(_ body: (_ firstPath: (String, String) throws -> String?) throws -> Void) throws {
        try queue.inTransaction { db in
            let find = try db.makeStatement(sql: "SELECT path FROM seen WHERE id = ?")
            let add = try db.makeStatement(sql: "INSERT INTO seen(id, path) VALUES (?, ?)")
            try body { id, path in
                if let first = try String.fetchOne(find, arguments: [id]) { return first }
                try add.execute(arguments: [id, path])
                return nil
            }
            return .commit
        }
    }
}
