import Foundation
import Crypto
import GRDB

/// Writes what the service said into a connected tenant's store. A listing is staged a page
/// at a time (memory flat in tenant size) in temporary tables of the writer's connection,
/// and applied only once it has read every page: in one transaction, set-based, writing only
/// the devices that differ (a first sync fills the empty mirror the way a demo is built,
/// indexes set aside). A sync that fails midway therefore leaves the last good mirror exactly
/// as it was.
public struct MirrorWriter: Sendable {
    public let store: TenantStore

    public init(store: TenantStore) { self.store = store }

    /// What one sync did to the mirror.
    public struct Tally: Sendable, Equatable {
        public var added = 0, changed = 0, unchanged = 0, removed = 0
        public var skipped: [String: Int] = [:]
        public var auditEvents = 0
        public var staged = 0
        /// An incremental sync (only what changed was asked; nothing can be found removed).
        public var incremental = false
        public init() {}
    }

    static let columns = Device.databaseColumns

    /// Starts a full listing: empty staging tables on the writer's connection.
    public func begin() throws {
        try store.write { db in
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS mirrorStage(\(Self.columns.joined(separator: ", ")))")
            try db.execute(sql: "CREATE UNIQUE INDEX IF NOT EXISTS temp.mirrorStage_id ON mirrorStage(id)")
            try db.execute(sql: """
                CREATE TEMP TABLE IF NOT EXISTS mirrorStageAction(
                  serviceKey TEXT PRIMARY KEY, deviceId TEXT, action TEXT, state TEXT, started, updated, passcode TEXT) WITHOUT ROWID
                """)
            try db.execute(sql: "DELETE FROM mirrorStage")
            try db.execute(sql: "DELETE FROM mirrorStageAction")
        }
    }

    /// One page, staged in one transaction (a device listed twice keeps its first copy).
    public func apply(_ page: MirrorPage, to tally: inout Tally) throws {
        let repeated: Int = try store.write { db in
            // A device listed twice (the service's listing moved while it was paged) keeps its
            // first copy, and the sync says how many were repeated, never silently.
            let device = try db.cachedStatement(sql: """
                INSERT INTO mirrorStage(\(Self.columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: Self.columns.count).joined(separator: ", ")))
                ON CONFLICT(id) DO NOTHING
                """)
            let action = try db.cachedStatement(sql: "INSERT OR REPLACE INTO mirrorStageAction(serviceKey, deviceId, action, state, started, updated, passcode) VALUES (?, ?, ?, ?, ?, ?, ?)")
            var repeated = 0
            for mirrored in page.devices {
                try device.execute(arguments: StatementArguments(mirrored.device.databaseValues))
                guard db.changesCount > 0 else { repeated += 1; continue }
                for result in mirrored.actionResults {
                    guard let kind = DeviceAction(graphActionName: result.actionName) else { continue }
                    try action.execute(arguments: [Self.serviceKey(mirrored.device.id, result), mirrored.device.id, kind,
                                                   ActionState(rawValue: result.actionState) ?? ActionState.none,
                                                   result.startDateTime ?? result.lastUpdatedDateTime,
                                                   result.lastUpdatedDateTime ?? result.startDateTime, result.passcode])
                }
            }
            return repeated
        }
        tally.staged += page.devices.count - repeated
        if repeated > 0 { tally.skipped["an id listed twice (the first copy kept)", default: 0] += repeated }
        for (why, count) in page.skipped { tally.skipped[why, default: 0] += count }
    }

    /// Beta's word on the Android Enterprise kinds v1.0 could only guess, before `finish`.
    public func refineAndroidKinds(_ kinds: [String: ManagementType]) throws {
        guard !kinds.isEmpty else { return }
        try store.write { db in
            let statement = try db.cachedStatement(sql: "UPDATE temp.mirrorStage SET managementType = ? WHERE id = ? AND platform = ?")
            for (id, kind) in kinds { try statement.execute(arguments: [kind.rawValue, id, Platform.android.rawValue]) }
        }
    }

    /// The listing reached its last page: the mirror becomes what was staged, in one transaction.
    public func finish(to tally: inout Tally, at now: Date) throws {
        let counts: Tally = try store.write { db in
            var counts = Tally()
            let columns = Self.columns
            let empty = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM device")! == 0
            counts.added = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM temp.mirrorStage s WHERE NOT EXISTS (SELECT 1 FROM device d WHERE d.id = s.id)")!
            // Devices the service no longer has: their open actions end with them.
            try db.execute(sql: """
                UPDATE action SET state = ?, updatedAt = ?, detail = 'The service no longer has this device.'
                WHERE state IN (\(ActionState.open.map { "'\($0.rawValue)'" }.joined(separator: ", ")))
                  AND deviceId IN (SELECT id FROM device WHERE id NOT IN (SELECT id FROM temp.mirrorStage))
                """, arguments: [ActionState.canceled, now])
            try db.execute(sql: "DELETE FROM device WHERE id NOT IN (SELECT id FROM temp.mirrorStage)")
            counts.removed = db.changesCount
            if empty {
                // A first sync: built like a demo, indexes and triggers set aside then rebuilt by sorting.
                let aside = try BulkFill.setAside(db)
                try db.execute(sql: "INSERT INTO device(\(columns.joined(separator: ", "))) SELECT \(columns.joined(separator: ", ")) FROM temp.mirrorStage")
                try BulkFill.restore(aside, db)
            } else {
                let differs = columns.dropFirst().map { "device.\($0) IS NOT s.\($0)" }.joined(separator: " OR ")
                try db.execute(sql: """
                    UPDATE device SET \(columns.dropFirst().map { "\($0) = s.\($0)" }.joined(separator: ", "))
                    FROM temp.mirrorStage s WHERE device.id = s.id AND (\(differs))
                    """)
                counts.changed = db.changesCount
                try db.execute(sql: """
                    INSERT INTO device(\(columns.joined(separator: ", "))) SELECT \(columns.map { "s.\($0)" }.joined(separator: ", "))
                    FROM temp.mirrorStage s WHERE NOT EXISTS (SELECT 1 FROM device d WHERE d.id = s.id)
                    """)
            }
            counts.unchanged = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM temp.mirrorStage")! - counts.added - counts.changed
            try Self.mergeStagedActions(db)
            try db.execute(sql: "DELETE FROM mirrorStage")
            try db.execute(sql: "DELETE FROM mirrorStageAction")
            var status = try MirrorStatus.read(db)
            status.lastCompleteSync = now
            status.lastFullListing = now
            status.offlineSince = nil
            status.lastError = nil
            try MirrorStatus.write(db, status)
            return counts
        }
        tally.added = counts.added
        tally.changed = counts.changed
        tally.unchanged = counts.unchanged
        tally.removed = counts.removed
    }

    /// R20 on a connected tenant: results already linked to a record update it set-based;
    /// new ones are matched one by one (see `mergeActionResults`).
    static func mergeStagedActions(_ db: Database) throws {
        let fresh = try Row.fetchAll(db, sql: """
            SELECT sa.* FROM temp.mirrorStageAction sa
            WHERE NOT EXISTS (SELECT 1 FROM serviceActionLink l WHERE l.serviceKey = sa.serviceKey)
              AND EXISTS (SELECT 1 FROM device d WHERE d.id = sa.deviceId)
            """)
        for row in fresh {
            guard let device = try Device.fetchOne(db, key: row["deviceId"] as String),
                  let action = DeviceAction(rawValue: row["action"]) else { continue }
            try link(db, device: device, action: action, key: row["serviceKey"], state: ActionState(rawValue: row["state"]) ?? .none,
                     started: row["started"], updated: row["updated"])
        }
        try db.execute(sql: """
            UPDATE action SET state = sa.state, updatedAt = COALESCE(sa.updated, action.updatedAt)
            FROM temp.mirrorStageAction sa JOIN serviceActionLink l ON l.serviceKey = sa.serviceKey
            WHERE action.id = l.actionId AND (action.state IS NOT sa.state OR action.updatedAt IS NOT COALESCE(sa.updated, action.updatedAt))
            """)
        // The temporary passcodes the service shows (few: reset passcodes of the last days).
        for row in try Row.fetchAll(db, sql: """
            SELECT l.actionId, sa.action, sa.passcode, sa.updated, sa.started FROM temp.mirrorStageAction sa
            JOIN serviceActionLink l ON l.serviceKey = sa.serviceKey WHERE sa.passcode IS NOT NULL
            """) {
            try keepPasscode(db, actionId: row["actionId"], passcode: row["passcode"], shownSince: row["updated"] ?? row["started"],
                             action: DeviceAction(rawValue: row["action"]) ?? .resetPasscode)
        }
    }

    /// R23 on a connected tenant: the passcode the service gives in a resetPasscodeActionResult
    /// is shown on the device for as long as the service keeps it (7 days from the reset); R29:
    /// a remoteLockActionResult's unlock PIN, 30 days.
    static func keepPasscode(_ db: Database, actionId: String, passcode: String, shownSince: Date?, action: DeviceAction) throws {
        let visibility = action == .remoteLock ? RuleDurations.unlockPinVisibility : RuleDurations.temporaryPasscodeVisibility
        let until = try (shownSince ?? TenantClock.now(db)).addingTimeInterval(visibility)
        try db.execute(sql: """
            UPDATE action SET temporaryPasscode = ?, temporaryPasscodeExpiresAt = ?
            WHERE id = ? AND (temporaryPasscode IS NOT ? OR temporaryPasscodeExpiresAt IS NOT ?)
            """, arguments: [passcode, until, actionId, passcode, until])
    }

    /// An incremental sync: the devices the service says changed, each written as it now is
    /// (one transaction per page); none is removed (only a full listing can tell).
    public func applyChanged(_ devices: [MirroredDevice], to tally: inout Tally) throws {
        let puts = try store.write { db in try devices.map { try Self.put(db, $0) } }
        tally.added += puts.filter { $0 == .added }.count
        tally.changed += puts.filter { $0 == .changed }.count
        tally.unchanged += puts.filter { $0 == .unchanged }.count
        tally.staged += devices.count
    }

    /// An incremental sync ended: the mirror is current as of `now`.
    public func finishIncremental(at now: Date) throws {
        try store.updateMirrorStatus {
            $0.lastCompleteSync = now
            $0.offlineSince = nil
            $0.lastError = nil
        }
    }

    /// From when to ask what changed: the newest check-in the service reported, less a margin
    /// for check-ins it records late; nil before any device is mirrored.
    public func changedSince(margin: TimeInterval = 300) throws -> Date? {
        try store.read { db in try Date.fetchOne(db, sql: "SELECT MAX(lastCheckInAt) FROM device") }?.addingTimeInterval(-margin)
    }

    /// One device as the service now has it (after an action), or its removal (nil).
    public func replaceOne(id: String, with mirrored: MirroredDevice?) throws {
        try store.write { db in
            if let mirrored {
                _ = try Self.put(db, mirrored)
            } else if try Device.exists(db, key: id) {
                try ActionService.cancelOpenActions(db, deviceId: id, at: try TenantClock.now(db), detail: "The service no longer has this device.")
                try Device.deleteOne(db, key: id)
            }
        }
    }

    enum Put { case added, changed, unchanged }

    static func put(_ db: Database, _ mirrored: MirroredDevice) throws -> Put {
        let put: Put
        var mirrored = mirrored
        if let existing = try Device.fetchOne(db, key: mirrored.device.id) {
            // A device read back alone has only v1.0's guess of its Android kind: the kind the
            // last full sync read from beta stands.
            if mirrored.androidKindGuessed, existing.platform == .android, existing.managementType.isAndroidEnterpriseCorporate {
                mirrored.device.managementType = existing.managementType
            }
            if existing == mirrored.device {
                put = .unchanged
            } else {
                try mirrored.device.update(db)
                put = .changed
            }
        } else {
            try mirrored.device.insertRow(db)
            put = .added
        }
        try mergeActionResults(db, mirrored)
        return put
    }

    /// R20 on a connected tenant: the service's `deviceActionResults` become the states of
    /// Device actions (one device, read back after an action).
    static func mergeActionResults(_ db: Database, _ mirrored: MirroredDevice) throws {
        for result in mirrored.actionResults {
            guard let action = DeviceAction(graphActionName: result.actionName) else { continue }
            let key = serviceKey(mirrored.device.id, result)
            let state = ActionState(rawValue: result.actionState) ?? .none
            if let actionId = try String.fetchOne(db, sql: "SELECT actionId FROM serviceActionLink WHERE serviceKey = ?", arguments: [key]) {
                let updated = result.lastUpdatedDateTime ?? result.startDateTime
                try db.execute(sql: "UPDATE action SET state = ?, updatedAt = COALESCE(?, updatedAt) WHERE id = ?", arguments: [state, updated, actionId])
            } else {
                try link(db, device: mirrored.device, action: action, key: key, state: state, started: result.startDateTime,
                         updated: result.lastUpdatedDateTime)
            }
            if let passcode = result.passcode,
               let actionId = try String.fetchOne(db, sql: "SELECT actionId FROM serviceActionLink WHERE serviceKey = ?", arguments: [key]) {
                try keepPasscode(db, actionId: actionId, passcode: passcode, shownSince: result.lastUpdatedDateTime ?? result.startDateTime, action: action)
            }
        }
    }

    /// The key of one action result: the device, the action, when it started.
    static func serviceKey(_ deviceId: String, _ result: ServiceActionResult) -> String {
        "\(deviceId)/\(result.actionName)/\(result.startDateTime.map(DateText.iso) ?? "")"
    }

    /// A result not seen before is matched to the action this console sent (its open record of
    /// the same action on the device), once and for good (`serviceActionLink`); one nobody
    /// here sent (the portal, another tool, the device's user) gets a record of its own.
    static func link(_ db: Database, device: Device, action: DeviceAction, key: String, state: ActionState, started: Date?, updated: Date?) throws {
        let when = updated ?? started ?? Date()
        var actionId = try String.fetchOne(db, SQLRequest<String>(literal: """
            SELECT id FROM action WHERE deviceId = \(device.id) AND action = \(action) AND source = \(ActionSource.console)
              AND state IN \(ActionState.open) AND id NOT IN (SELECT actionId FROM serviceActionLink)
            ORDER BY issuedAt DESC LIMIT 1
            """))
        if actionId == nil {
            let record = ActionRecord(id: "svc-" + String(AuditChain.hex(SHA256.hash(data: Data(key.utf8))).prefix(24)), action: action,
                                      deviceId: device.id, deviceName: device.name, platform: device.platform, state: state,
                                      issuedAt: started ?? when, updatedAt: when, initiatedBy: "", source: .service,
                                      detail: "Reported by the service (not sent from this console).")
            try record.insert(db, onConflict: .ignore)
            actionId = record.id
        }
        try db.execute(sql: "INSERT INTO serviceActionLink(serviceKey, actionId) VALUES (?, ?)", arguments: [key, actionId])
        try db.execute(sql: "UPDATE action SET state = ?, updatedAt = ? WHERE id = ?", arguments: [state, when, actionId])
    }
}
