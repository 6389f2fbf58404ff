import Foundation
import GRDB

/// What happened while the clock moved, for the command line and the console to report.
public struct SimulationReport: Sendable, Equatable {
    public var from: Date
    public var to: Date
    public var checkIns = 0
    public var actionsCompleted: [String] = []
    /// R15: devices the service removed, by name.
    public var devicesRemoved: [String] = []
}

/// The simulated world around the tenant: the clock, devices checking in on schedule
/// (online ones every 8 hours, offline ones never), certificate expiry (R14) and the
/// service's cleanup 180 days later (R15).
public struct Simulator: Sendable {
    public let store: TenantStore
    let random: RandomSource

    public init(store: TenantStore, random: RandomSource = RandomSource()) {
        self.store = store
        self.random = random
    }

    /// Moves the clock forward by `interval`: Administrators only, on a tenant that allows
    /// simulation; audited with the clock's old and new time, refusals as `denied`.
    public func advance(by interval: TimeInterval, by actor: String) throws -> SimulationReport {
        guard interval <= SimulationGate.longestMove else {
            throw SimulationRefusal.clockOutOfRange(requested: "\(Int(interval / RuleDurations.day)) days")
        }
        return try gated(actor: actor, activity: "advance TenantClock") { db in try TenantClock.now(db).addingTimeInterval(interval) }
    }

    /// Moves the clock forward to `date`, with `advance`'s checks.
    public func set(to date: Date, by actor: String) throws -> SimulationReport {
        try gated(actor: actor, activity: "set TenantClock") { _ in date }
    }

    private func gated(actor: String, activity: String, target: (Database) throws -> Date) throws -> SimulationReport {
        let outcome: Result<SimulationReport, Error> = try store.write { db in
            let now = try TenantClock.now(db)
            let to = try target(db)
            let change = [ChangedProperty("clock", from: DateText.iso(now), to: to <= SimulationGate.latestClock ? DateText.iso(to) : "beyond 9999")]
            if let refusal = try SimulationGate.refusal(db, actor: actor, activity: activity, deviceId: nil, deviceName: nil, change: change) {
                return .failure(refusal)
            }
            guard to <= SimulationGate.latestClock, to.timeIntervalSince(now) <= SimulationGate.longestMove else {
                throw SimulationRefusal.clockOutOfRange(requested: change[0].newValue)
            }
            guard to >= now else { throw StoreError.clockBackwards(now: now, requested: to) }
            // The entry goes first, at the time the administrator acted: the service's own
            // entries (R15 cleanups) follow it, at their later times.
            try AuditLog.append(db, AuditEntry(time: now, activity: activity, result: .success, actor: actor, actorType: .user,
                                               deviceId: nil, deviceName: nil, changedProperties: change))
            return .success(try Self.advance(db, to: to, random: random))
        }
        return try outcome.get()
    }

    /// Turns the simulator on or off for an imported tenant (Administrators only, audited).
    public func allow(_ allowed: Bool, by actor: String) throws {
        if let refusal = try SimulationGate.setAllowed(store, allowed, by: actor) { throw refusal }
    }

    /// Whether `simulate` may run on this tenant (a demo, a sandbox, or allowed).
    public func isAllowed() throws -> Bool {
        try store.read { db in try SimulationGate.isAllowed(db) }
    }

    /// One device-level simulation (check-in, online/offline, Company Portal retire) behind
    /// the gate, audited with `change`.
    private func gatedDevice<T>(_ deviceId: String, actor: String, activity: String,
                                change: @escaping (Device) -> [ChangedProperty], _ body: (Database, Device) throws -> T) throws -> T {
        let outcome: Result<T, Error> = try store.write { db in
            guard let device = try Device.fetchOne(db, key: deviceId) else { throw ActionError.unknownDevice(id: deviceId) }
            if let refusal = try SimulationGate.refusal(db, actor: actor, activity: activity, deviceId: device.id, deviceName: device.name,
                                                        change: change(device)) {
                return .failure(refusal)
            }
            let result = try body(db, device)
            try AuditLog.append(db, AuditEntry(time: try TenantClock.now(db), activity: activity, result: .success, actor: actor,
                                               actorType: .user, deviceId: device.id, deviceName: device.name,
                                               changedProperties: change(device)))
            return .success(result)
        }
        return try outcome.get()
    }

    /// Moves the clock to `target`, playing every scheduled check-in and cleanup on the way.
    package static func advance(_ db: Database, to target: Date, random: RandomSource) throws -> SimulationReport {
        let now = try TenantClock.now(db)
        guard target >= now else { throw StoreError.clockBackwards(now: now, requested: target) }
        var report = SimulationReport(from: now, to: target)
        let interval = RuleDurations.checkInInterval
        // Devices with something pending check in one by one, so each action is delivered.
        let reachable = try Device.fetchAll(db, SQLRequest<Device>(literal: """
            SELECT * FROM device WHERE isOnline AND managementState NOT IN \([ManagementState.retired, .wiped]) AND certificateExpiresAt > \(now)
              AND id IN (SELECT deviceId FROM action WHERE state IN \(ActionState.open))
            """))
        for device in reachable {
            // The device's schedule: its last check-in plus whole intervals; the first slot after `now`.
            let elapsed = now.timeIntervalSince(device.lastCheckInAt)
            let first = device.lastCheckInAt.addingTimeInterval((floor(max(0, elapsed) / interval) + 1) * interval)
            guard first <= target, first < device.certificateExpiresAt else { continue }
            let before = try ActionSQL.open(db, deviceId: device.id).map(\.id)
            var updated = try CheckIn.perform(db, deviceId: device.id, at: first, random: random)
            report.checkIns += 1
            report.actionsCompleted += before
            // Later slots only move the last check-in and renew the certificate (R14):
            // nothing new is pending, since no one acts while the clock jumps.
            let slots = floor(target.timeIntervalSince(first) / interval)
            if slots >= 1, updated.isOnline, updated.managementState != .retired, updated.managementState != .wiped {
                let last = first.addingTimeInterval(slots * interval)
                updated.lastCheckInAt = last
                updated.certificateExpiresAt = Certificate.renewedExpiry(current: updated.certificateExpiresAt, checkingInRegularlyUntil: last)
                try updated.update(db)
                report.checkIns += Int(slots)
            }
        }
        report.checkIns += try bulkCheckIns(db, from: now, to: target)
        report.devicesRemoved = try cleanup(db, until: target)
        try TenantClock.set(db, to: target)
        return report
    }

    /// Every other online device checks in on schedule with nothing to deliver: its last
    /// check-in moves to its latest slot and its certificate renews (R14) — one statement,
    /// the same arithmetic as `Certificate.renewedExpiry(current:checkingInRegularlyUntil:)`.
    static func bulkCheckIns(_ db: Database, from now: Date, to target: Date) throws -> Int {
        let hours = RuleDurations.checkInInterval / RuleDurations.hour
        let window = RuleDurations.certificateRenewalWindow / RuleDurations.day
        let year = RuleDurations.certificateValidity / RuleDurations.day
        // In days: the first slot after `now`, and the last slot at or before `target`.
        let slotDays = hours / 24
        try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS checkin(id TEXT PRIMARY KEY, lastSlot REAL)")
        try db.execute(sql: "DELETE FROM checkin")
        // The first slot after `now`, in days since the epoch of julianday.
        let firstSlot: SQL = "julianday(lastCheckInAt) + (CAST(MAX(0, julianday(\(now)) - julianday(lastCheckInAt)) / \(slotDays) AS INTEGER) + 1) * \(slotDays)"
        try db.execute(literal: """
            INSERT INTO checkin(id, lastSlot)
            SELECT id, julianday(lastCheckInAt) + CAST((julianday(\(target)) - julianday(lastCheckInAt)) / \(slotDays) AS INTEGER) * \(slotDays)
            FROM device
            WHERE isOnline AND managementState NOT IN \([ManagementState.retired, .wiped])
              AND id NOT IN (SELECT deviceId FROM action WHERE state IN \(ActionState.open))
              AND \(firstSlot) <= julianday(\(target))
              AND \(firstSlot) < julianday(certificateExpiresAt)
            """)
        try db.execute(sql: """
            UPDATE device SET
              certificateExpiresAt = CASE
                WHEN julianday(certificateExpiresAt) - c.lastSlot <= :window
                THEN strftime('%Y-%m-%d %H:%M:%f', julianday(certificateExpiresAt)
                     + (CAST((c.lastSlot + :window - julianday(certificateExpiresAt)) / :year AS INTEGER) + 1) * :year)
                ELSE certificateExpiresAt END,
              lastCheckInAt = strftime('%Y-%m-%d %H:%M:%f', c.lastSlot)
            FROM checkin c WHERE device.id = c.id
            """, arguments: ["window": window, "year": year])
        return db.changesCount
    }

    /// R15: removes every device whose certificate expired 180 days or more before `target`,
    /// audited as initiated by the service; its open actions fail.
    static func cleanup(_ db: Database, until target: Date) throws -> [String] {
        let cutoff = target.addingTimeInterval(-RuleDurations.cleanupAfterExpiry)
        let stale = try Device.fetchAll(db, sql: "SELECT * FROM device WHERE certificateExpiresAt <= ? ORDER BY certificateExpiresAt",
                                        arguments: [cutoff])
        for device in stale {
            let when = Certificate.cleanupDate(device)
            try db.execute(literal: """
                UPDATE action SET state = \(ActionState.failed), updatedAt = \(when),
                  detail = \("The device never checked in; the service removed it 180 days after its certificate expired (R15).")
                WHERE deviceId = \(device.id) AND state IN \(ActionState.open)
                """)
            try AuditLog.append(db, AuditEntry(
                time: when, activity: DeviceAction.delete.auditActivity, result: .success, actor: AuditEntry.serviceActor,
                actorType: .service, deviceId: device.id, deviceName: device.name,
                changedProperties: [ChangedProperty("deviceRecord", from: "present", to: "deleted"),
                                    ChangedProperty("reason", from: "", to: "MDM certificate expired \(DateText.iso(device.certificateExpiresAt)); 180-day cleanup (R15)")]))
            try Device.deleteOne(db, key: device.id)
        }
        return stale.map(\.name)
    }

    /// The device checks in now (an offline device coming back for a moment).
    @discardableResult
    public func checkIn(deviceId: String, by actor: String) throws -> Device {
        try gatedDevice(deviceId, actor: actor, activity: "simulate checkIn ManagedDevice",
                        change: { [ChangedProperty("lastCheckInAt", from: DateText.iso($0.lastCheckInAt), to: "now")] }) { db, _ in
            try CheckIn.perform(db, deviceId: deviceId, at: try TenantClock.now(db), random: random)
        }
    }

    @discardableResult
    public func setOnline(deviceId: String, _ online: Bool, by actor: String) throws -> Device {
        try gatedDevice(deviceId, actor: actor, activity: "simulate \(online ? "online" : "offline") ManagedDevice",
                        change: { [ChangedProperty("online", from: $0.isOnline ? "yes" : "no", to: online ? "yes" : "no")] }) { db, device in
            var device = device
            device.isOnline = online
            try device.update(db)
            return device
        }
    }

    /// R19: the device's own user retires it from the Company Portal. The service records
    /// the action, but the admin audit log has no entry for it; the simulator's own entry
    /// (who played the user) names no action, so the R19 explanation still shows.
    @discardableResult
    public func portalRetire(deviceId: String, by actor: String) throws -> ActionRecord {
        try gatedDevice(deviceId, actor: actor, activity: "simulate Company Portal retire",
                        change: { [ChangedProperty(GraphDeviceProperty.managementState.name, from: $0.managementState.rawValue, to: ManagementState.retirePending.rawValue)] }) { db, _ in
            try Self.portalRetire(db, deviceId: deviceId, random: random)
        }
    }

    package static func portalRetire(_ db: Database, deviceId: String, random: RandomSource) throws -> ActionRecord {
        guard var device = try Device.fetchOne(db, key: deviceId) else { throw ActionError.unknownDevice(id: deviceId) }
        let now = try TenantClock.now(db)
        // The user goes through the same device rules as an administrator would.
        let verdict = Rules.availability(of: .retire, for: device, role: .administrator, now: now,
                                         openActions: try ActionSQL.open(db, deviceId: deviceId))
        guard verdict.enabled else {
            throw StoreError.invalid("the Company Portal cannot retire \(device.name): \(verdict.reason ?? "")")
        }
        let user = device.primaryUserUPN.isEmpty ? "device user" : device.primaryUserUPN
        let record = ActionRecord(id: random.identifier(), action: .retire, deviceId: device.id, deviceName: device.name,
                                  platform: device.platform, state: .pending, issuedAt: now, updatedAt: now,
                                  initiatedBy: user, source: .companyPortal,
                                  detail: "Started by the device's user from the Company Portal; waiting for the device to check in.")
        try record.insert(db)
        device.managementState = .retirePending
        try device.update(db)
        return record
    }
}
