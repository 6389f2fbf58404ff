import Foundation
import Crypto
import GRDB

/// Writes what the service said into a connected tenant's store, a page at a time (memory
/// flat in tenant size). A device the page holds replaces the mirror's copy only when it
/// differs; a device is removed only by a sync that read every page to the end, so a sync
/// that fails midway leaves no device missing (each keeps its newest known state).
public struct MirrorWriter: Sendable {
    public let store: TenantStore

    public init(store: TenantStore) { self.store = store }

    /// What one sync did to the mirror.
    public struct Tally: Sendable, Equatable {
        public var added = 0, changed = 0, unchanged = 0, removed = 0
        public var skipped: [String: Int] = [:]
        public var auditEvents = 0
        public init() {}
    }

    /// Starts a full listing: which ids it saw is kept on the writer's connection only.
    public func begin() throws {
        try store.write { db in
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS mirrorSeen(id TEXT PRIMARY KEY) WITHOUT ROWID")
            try db.execute(sql: "DELETE FROM mirrorSeen")
        }
    }

    /// One page, in one transaction.
    public func apply(_ page: MirrorPage, to tally: inout Tally) throws {
        let counts: Tally = try store.write { db in
            var counts = Tally()
            let seen = try db.cachedStatement(sql: "INSERT OR IGNORE INTO mirrorSeen(id) VALUES (?)")
            for mirrored in page.devices {
                try seen.execute(arguments: [mirrored.device.id])
                switch try Self.put(db, mirrored) {
                case .added: counts.added += 1
                case .changed: counts.changed += 1
                case .unchanged: counts.unchanged += 1
                }
            }
            return counts
        }
        tally.added += counts.added
        tally.changed += counts.changed
        tally.unchanged += counts.unchanged
        for (why, count) in page.skipped { tally.skipped[why, default: 0] += count }
    }

    /// The listing reached its last page: devices it did not see are gone from the service.
    public func finish(to tally: inout Tally, at now: Date) throws {
        tally.removed = try store.write { db in
            let gone = try String.fetchAll(db, sql: "SELECT id FROM device WHERE id NOT IN (SELECT id FROM temp.mirrorSeen)")
            for id in gone {
                try ActionService.cancelOpenActions(db, deviceId: id, at: now, detail: "The service no longer has this device.")
                try Device.deleteOne(db, key: id)
            }
            try db.execute(sql: "DELETE FROM mirrorSeen")
            var status = try MirrorStatus.read(db)
            status.lastCompleteSync = now
            status.offlineSince = nil
            status.lastError = nil
            try MirrorStatus.write(db, status)
            return gone.count
        }
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
        if let existing = try Device.fetchOne(db, key: mirrored.device.id) {
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
    /// Device actions. A result is matched to the action this console sent (its open record
    /// of the same action on the device), once and for good (`serviceActionLink`); one
    /// nobody here sent (the portal, another tool, the device's user) gets a record of its own.
    static func mergeActionResults(_ db: Database, _ mirrored: MirroredDevice) throws {
        let device = mirrored.device
        for result in mirrored.actionResults {
            guard let action = DeviceAction(graphActionName: result.actionName) else { continue }
            let state = ActionState(rawValue: result.actionState) ?? .none
            let key = "\(device.id)/\(result.actionName)/\(result.startDateTime.map(DateText.iso) ?? "")"
            let updated = result.lastUpdatedDateTime ?? result.startDateTime ?? Date()
            var actionId = try String.fetchOne(db, sql: "SELECT actionId FROM serviceActionLink WHERE serviceKey = ?", arguments: [key])
            if actionId == nil {
                actionId = try String.fetchOne(db, SQLRequest<String>(literal: """
                    SELECT id FROM action WHERE deviceId = \(device.id) AND action = \(action) AND source = \(ActionSource.console)
                      AND state IN \(ActionState.open) AND id NOT IN (SELECT actionId FROM serviceActionLink)
                    ORDER BY issuedAt DESC LIMIT 1
                    """))
                if actionId == nil {
                    let record = ActionRecord(id: "svc-" + String(AuditChain.hex(SHA256.hash(data: Data(key.utf8))).prefix(24)), action: action, deviceId: device.id, deviceName: device.name,
                                              platform: device.platform, state: state, issuedAt: result.startDateTime ?? updated, updatedAt: updated,
                                              initiatedBy: "", source: .service, detail: "Reported by the service (not sent from this console).")
                    try record.insert(db, onConflict: .ignore)
                    actionId = record.id
                }
                try db.execute(sql: "INSERT INTO serviceActionLink(serviceKey, actionId) VALUES (?, ?)", arguments: [key, actionId])
            }
            try db.execute(literal: """
                UPDATE action SET state = \(state), updatedAt = \(updated)
                WHERE id = \(actionId) AND (state != \(state) OR updatedAt != \(updated))
                """)
        }
    }
}

extension DeviceAction {
    /// The name the action has in Graph's routes and `deviceActionResults`.
    public var graphActionName: String {
        switch self {
        case .retire: "retire"
        case .wipe: "wipe"
        case .delete: "delete"
        case .sync: "syncDevice"
        case .resetPasscode: "resetPasscode"
        case .bypassActivationLock: "bypassActivationLock"
        }
    }

    public init?(graphActionName: String) {
        guard let action = Self.allCases.first(where: { $0.graphActionName.lowercased() == graphActionName.lowercased() }) else { return nil }
        self = action
    }
}
