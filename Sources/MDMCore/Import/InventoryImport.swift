import Foundation
import GRDB

/// Importing an inventory file into the tenant. The whole file is read and checked first;
/// only a file without a single problem is written, in one transaction, so a bad file
/// leaves the store exactly as it was.
public enum InventoryImport {
    public struct Summary: Sendable, Equatable {
        public var format: ImportFormat
        public var added: Int
        public var updated: Int
        public var removed: Int
        /// Devices whose open retire or wipe the import did not overrule (R13).
        public var keptPendingState: Int
    }

    public enum Refusal: Error, CustomStringConvertible, Equatable {
        /// Only an Administrator imports: it can replace every device (audited as denied).
        case lacksPermission(upn: String, role: Role)

        public var description: String {
            switch self {
            case .lacksPermission(let upn, let role):
                Role.refusal(upn, role, lacks: .updateOrganization, doing: "imports devices")
            }
        }
    }

    static let activity = "import ManagedDevices"
    /// Larger files would need several times their size in memory; refuse them up front.
    public static let maximumFileSize = 1 << 30

    /// The file's bytes, refusing what cannot be an inventory before reading it.
    public static func load(_ path: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ImportError(file: path, "no such file")
        }
        if isDirectory.boolValue { throw ImportError(file: path, "is a directory, not a file") }
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        if size > maximumFileSize {
            throw ImportError(file: path, "the file is too large (\(size / (1 << 20)) MiB; at most \(maximumFileSize / (1 << 20)) MiB): split it")
        }
        guard let handle = FileHandle(forReadingAtPath: path), let data = try? handle.readToEnd() else {
            throw ImportError(file: path, "cannot read the file (permissions?)")
        }
        return [UInt8](data)
    }

    /// Checks the whole file and returns its devices, or every problem found (up to a limit).
    public static func read(_ bytes: [UInt8], file: String, format: ImportFormat?, now: Date) throws -> (ImportFormat, [Device]) {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) || bytes == [0xEF, 0xBB, 0xBF] {
            throw ImportError(file: file, "the file is empty")
        }
        if let notText = InventoryValues.checkText(bytes) { throw ImportError(file: file, notText) }
        let chosen = format ?? ImportFormat.guess(bytes)
        var problems = ImportProblems()
        let devices = switch chosen {
        case .graph: GraphDeviceReader.read(bytes, now: now, problems: &problems)
        case .csv: PortalCSV.read(bytes, now: now, problems: &problems)
        }
        if !problems.isEmpty { throw ImportError(file: file, problems) }
        if devices.isEmpty { throw ImportError(file: file, "the file holds no devices") }
        return (chosen, devices)
    }

    /// Writes the devices in one transaction and audits it. Existing devices (same id) are
    /// updated, others added; with `replace`, devices not in the file are removed and their
    /// open actions canceled. A device with an open retire or wipe keeps its pending state.
    public static func apply(_ devices: [Device], format: ImportFormat, file: String, replace: Bool,
                             to store: TenantStore, by upn: String, progress: ((Double) -> Void)? = nil) throws -> Summary {
        try asAdministrator(upn, file: file, store: store) { db, now in
            try write(devices, format: format, file: file, replace: replace, db: db, by: upn, now: now, progress: progress)
        }
    }

    /// `body` in one write transaction if `upn` is an Administrator; otherwise the attempt is
    /// audited as denied and refused. Every import into an existing store goes through here.
    static func asAdministrator(_ upn: String, file: String, store: TenantStore, _ body: (Database, Date) throws -> Summary) throws -> Summary {
        let outcome: Result<Summary, Refusal> = try store.write { db in
            let now = try TenantClock.now(db)
            let role = try Operators.role(db, upn)
            guard role.holds(.updateOrganization) else {
                try AuditLog.append(db, AuditEntry(time: now, activity: activity, result: .denied, actor: upn, actorType: .user,
                                                   deviceId: nil, deviceName: nil,
                                                   changedProperties: [ChangedProperty("file", from: "", to: file)]))
                return .failure(.lacksPermission(upn: upn, role: role))
            }
            return .success(try body(db, now))
        }
        return try outcome.get()
    }

    static func write(_ devices: [Device], format: ImportFormat, file: String, replace: Bool, db: Database,
                      by upn: String, now: Date, progress: ((Double) -> Void)?) throws -> Summary {
        try write(count: devices.count, format: format, file: file, replace: replace, db: db, by: upn, now: now, progress: progress) { take in
            for device in devices { try take(device) }
        }
    }

    /// Writes what `produce` hands over, one device at a time: nothing of the file is held,
    /// whatever its size (the ids seen go to a TEMP table, which lives on disk).
    static func write(count: Int, format: ImportFormat, file: String, replace: Bool, db: Database, by upn: String, now: Date,
                      progress: ((Double) -> Void)?, produce: ((Device) throws -> Void) throws -> Void) throws -> Summary {
        // R13: a device with an open retire or wipe keeps its pending state.
        let pending = try Dictionary(Row.fetchAll(db, SQLRequest<Row>(literal: """
            SELECT deviceId, action FROM action WHERE state IN \(ActionState.open) AND action IN \([DeviceAction.retire, .wipe])
            """)).map { ($0["deviceId"] as String, $0["action"] as DeviceAction == .retire ? ManagementState.retirePending : .wipePending) },
            uniquingKeysWith: { first, _ in first })
        try db.execute(sql: "CREATE TEMP TABLE importedId(id TEXT PRIMARY KEY) WITHOUT ROWID")
        defer { try? db.execute(sql: "DROP TABLE temp.importedId") }
        let exists = try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM device WHERE id = ?)")
        let remember = try db.cachedStatement(sql: "INSERT INTO temp.importedId(id) VALUES (?)")
        var summary = Summary(format: format, added: 0, updated: 0, removed: 0, keptPendingState: 0)
        var written = 0
        try produce { original in
            var device = original
            try remember.execute(arguments: [device.id])
            if try Bool.fetchOne(exists, arguments: [device.id]) == true {
                if let state = pending[device.id], device.managementState != state {
                    device.managementState = state
                    summary.keptPendingState += 1
                }
                try device.update(db)
                summary.updated += 1
            } else {
                try device.insertRow(db)
                summary.added += 1
            }
            written += 1
            if written % 5_000 == 0 { progress?(Double(written) / Double(max(count, written))) }
        }
        if replace {
            let gone = try String.fetchAll(db, sql: "SELECT id FROM device WHERE id NOT IN (SELECT id FROM temp.importedId)")
            for id in gone {
                try ActionService.cancelOpenActions(db, deviceId: id, at: now, detail: "Canceled: the device was removed by an import.")
                try db.execute(sql: "DELETE FROM device WHERE id = ?", arguments: [id])
                summary.removed += 1
            }
        }
        try AuditLog.append(db, AuditEntry(time: now, activity: activity, result: .success, actor: upn, actorType: .user,
                                           deviceId: nil, deviceName: nil, changedProperties: [
                                               ChangedProperty("file", from: "", to: file),
                                               ChangedProperty("format", from: "", to: format.rawValue),
                                               ChangedProperty("devices added", from: "", to: String(summary.added)),
                                               ChangedProperty("devices updated", from: "", to: String(summary.updated)),
                                               ChangedProperty("devices removed", from: "", to: String(summary.removed)),
                                           ]))
        progress?(1)
        return summary
    }

    /// A new store holding only the imported devices, made beside `path` and moved into
    /// place once complete: a failure leaves nothing behind. `creator` is its Administrator.
    public static func createTenant(at path: String, devices: [Device], format: ImportFormat, file: String,
                                    creator: String, creatorLogin: String? = nil, now: Date, progress: ((Double) -> Void)? = nil) throws -> Summary {
        try StoreFile.buildBeside(path, replacing: false) { store in
            try store.write { db in
                try found(db, file: file, creator: creator, creatorLogin: creatorLogin, now: now)
                return try write(devices, format: format, file: file, replace: false, db: db, by: creator, now: now, progress: progress)
            }
        }
    }

    /// A tenant made by an import: its name, creator and Administrator.
    package static func found(_ db: Database, file: String, creator: String, creatorLogin: String?, now: Date) throws {
        try Meta.set(db, "tenantName", "Imported from \((file as NSString).lastPathComponent)")
        try Meta.set(db, "createdBy", creator)
        try TenantClock.set(db, to: now)
        try RoleOrigins.found(db, creator, .administrator, login: creatorLogin, by: creator, origin: "created the tenant by importing \((file as NSString).lastPathComponent)")
    }
}
