import Foundation
import MDMCore
import GRDB

/// The seeded demo tenant: a showcase of every rule's boundary (docs/RULES.md), filled out with
/// realistic devices, and a few weeks of history played through the real action service
/// and simulator, so records, device states and audit entries agree by construction.
public enum DemoTenant {
    public struct Options: Sendable {
        public var deviceCount: Int
        public var seed: UInt64
        public var now: Date
        /// Made Administrator: whoever created the tenant.
        public var creator: String
        /// Older audit history, before the played weeks (for big-tenant tests).
        public var auditEntries: Int
        /// The account on this host that is the creator from now on (no `--as` needed).
        public var creatorLogin: String?

        public init(deviceCount: Int = 300, seed: UInt64 = 1, now: Date, creator: String, creatorLogin: String? = nil, auditEntries: Int = 0) {
            self.creatorLogin = creatorLogin
            self.deviceCount = deviceCount
            self.seed = seed
            self.now = now
            self.creator = creator
            self.auditEntries = auditEntries
        }

        /// Refuses sizes that cannot be made exactly or would not fit any reasonable disk.
        public func check() throws {
            guard deviceCount == 0 || (minimumDevices...maximumDevices).contains(deviceCount) else {
                throw StoreError.invalid(deviceCount < 0 || deviceCount > maximumDevices
                    ? "--devices: \(deviceCount) is out of range (0 to \(maximumDevices))"
                    : "--devices: \(deviceCount) is too few: a demo is 0 devices, or at least \(minimumDevices) (one device on each rule's boundary)")
            }
            guard (0...maximumAuditEntries).contains(auditEntries) else {
                throw StoreError.invalid("--audit-entries: \(auditEntries) is out of range (0 to \(maximumAuditEntries))")
            }
            if let problem = InputText.identityProblem(in: creator) { throw StoreError.invalid("the creator \(problem)") }
        }

        /// What the finished store takes on disk, with room for the index rebuild (measured:
        /// 5.5 GB for a million devices and ten million entries).
        var estimatedBytes: Int64 {
            (Int64(deviceCount) * 2_400 + Int64(auditEntries) * 450) * 13 / 10 + 8 << 20
        }
    }

    /// The largest demo: ten times the benchmark's tenant; a bigger number is a typo.
    public static let maximumDevices = 10_000_000
    public static let maximumAuditEntries = 100_000_000
    /// The fewest devices a non-empty demo can have: the showcase of every rule's boundary,
    /// less the one device deleted in the played history (`windowsToWipe`).
    public static let minimumDevices = Showcase.Key.allCases.count - 1

    public static let helpDeskOperator = "helpdesk@\(DemoNames.domain)"
    public static let readOnlyOperator = "auditor@\(DemoNames.domain)"
    /// How far back the played history starts.
    static let historyDays: Double = 21

    /// Fills an empty store: the settings, operators and showcase devices, any older audit
    /// history in large transactions, the played weeks, then the other devices.
    /// `DemoTenant.build` runs this on a temporary file moved into place only when it is
    /// complete, so a failure part-way leaves nothing behind.
    public static func create(in store: TenantStore, options: Options, progress: ((String, Double) -> Void)? = nil) throws {
        try options.check()
        let start = options.now.addingTimeInterval(-historyDays * RuleDurations.day)
        var factory = DeviceFactory(seed: options.seed, now: options.now, checkInAnchor: start,
                                    peopleCount: min(50_000, max(40, options.deviceCount / 2)))
        let showcase = options.deviceCount > 0 ? Showcase.devices(&factory) : [:]
        try store.useBulkWriteCache()
        try store.write { db in
            if try Meta.get(db, TenantClock.key) != nil {
                throw StoreError.invalid("\(store.path) already holds a tenant")
            }
            try Meta.set(db, "tenantName", "Contoso (demo)")
            try Meta.set(db, "demoSeed", String(options.seed))
            try Meta.set(db, "createdBy", options.creator)
            try TenantClock.set(db, to: start)
        }
        // Older history first, so the log is appended in time order: an entry's place by id is
        // its place by time (what lets the audit pane's indexes serve a filter at once).
        if options.auditEntries > 0 {
            // Like the devices below: the log's indexes rebuilt once (a sort each), not kept row by row.
            let deferred = options.auditEntries >= 50_000 ? try store.write { db in try BulkFill.setAsideAudit(db) } : nil
            try OlderHistory.append(options.auditEntries, to: store, before: start, seed: options.seed) { progress?("audit entries", $0) }
            if let deferred {
                progress?("audit indexes", 0)
                // The log was empty and the history is appended oldest first: nothing is late.
                try store.write { db in try BulkFill.restoreAudit(deferred, db, appendedInTimeOrder: true) }
                progress?("audit indexes", 1)
            }
        }
        try store.write { db in
            for (upn, role) in [(options.creator, Role.administrator), (helpDeskOperator, .helpDesk), (readOnlyOperator, .readOnly)] {
                try RoleOrigins.found(db, upn, role, login: upn == options.creator ? options.creatorLogin : nil,
                                      by: options.creator, origin: "created the demo tenant")
            }
            for device in showcase.values.sorted(by: { $0.name < $1.name }) { try device.insert(db) }
        }
        try store.write { db in try playHistory(db, showcase: showcase, options: options, start: start) }
        progress?("history", 1)
        // The other devices are made as they stand at the end of the played weeks, after it:
        // playing three weeks of check-ins for a million devices took most of a big demo's time.
        factory.checkInAnchor = options.now
        if showcase.isEmpty { try store.write { db in try TenantClock.set(db, to: options.now) } }
        // Exactly the number asked for: the played history deletes a showcase device.
        let fill = max(0, options.deviceCount - (try store.deviceCount()))
        let removedBy = options.now.addingTimeInterval(-RuleDurations.cleanupAfterExpiry)
        // Many rows go in faster with the device table's indexes and triggers set aside and
        // rebuilt once (a sort each) than maintained row by row.
        let deferred = fill >= 50_000 ? try store.write { db in try BulkFill.setAside(db) } : nil
        var inserted = 0
        while inserted < fill {
            let chunk = min(chunkSize, fill - inserted)
            try store.write { db in
                for _ in 0..<chunk {
                    var device = randomDevice(&factory)
                    // R15: one the service would already have removed is not made.
                    while device.certificateExpiresAt <= removedBy { device = randomDevice(&factory) }
                    try device.insertRow(db)
                }
            }
            inserted += chunk
            progress?("devices", Double(inserted) / Double(fill))
        }
        if let deferred {
            progress?("indexes", 0)
            try store.write { db in try BulkFill.restore(deferred, db) { progress?("indexes", $0) } }
            progress?("indexes", 1)
        }
    }

    /// Rows per transaction for bulk work: large enough to be fast, small enough to keep
    /// the WAL file modest.
    static let chunkSize = 20_000

    static func randomDevice(_ factory: inout DeviceFactory) -> Device {
        let online = factory.chance(0.88)
        switch factory.int(0...99) {
        case 0..<28:
            let supervised = factory.chance(0.55)
            let version = factory.pick(["16.7.10", "17.6.1", "17.7", "18.1", "18.3.2", "18.5"])
            return factory.make(platform: .iOS, type: supervised ? .appleAutomatedEnrollment : (factory.chance(0.2) ? .appleUserEnrollment : .appleDeviceEnrollment),
                                version: version, online: online)
        case 28..<35:
            return factory.make(platform: .iPadOS, type: factory.chance(0.6) ? .appleAutomatedEnrollment : .appleDeviceEnrollment,
                                version: factory.pick(["17.7", "18.2", "18.5"]), online: online)
        case 35..<42:
            return factory.make(platform: .macOS, type: factory.chance(0.7) ? .appleAutomatedEnrollment : .appleDeviceEnrollment,
                                version: factory.pick(["13.7.4", "14.7", "15.3.1", "15.5"]), online: online)
        case 42..<68:
            return factory.make(platform: .windows, type: .windowsMDM,
                                version: factory.pick(["10.0.19045.5487", "10.0.22631.4890", "10.0.26100.3194"]), online: online)
        case 68..<80:
            return factory.make(platform: .android, type: .androidWorkProfile,
                                version: factory.pick(["7.1.2", "8.1.0", "10", "12", "13", "14"]), online: online)
        case 80..<88:
            return factory.make(platform: .android, type: .androidFullyManaged, version: factory.pick(["11", "12", "13", "14"]), online: online)
        case 88..<94:
            return factory.make(platform: .android, type: .androidDedicated, version: factory.pick(["9", "10", "12", "13"]), online: online)
        default:
            return factory.make(platform: .android, type: .androidDeviceAdministrator,
                                version: factory.pick(["5.1.1", "6.0.1", "7.0", "8.1.0", "9"]), online: online)
        }
    }

    /// A few weeks of what operators and users did, so the Device actions view and the
    /// audit log have something real in them: done, pending, not supported, denied, and a
    /// retire started from the Company Portal with no audit entry (R19).
    static func playHistory(_ db: Database, showcase: [Showcase.Key: Device], options: Options, start: Date) throws {
        guard !showcase.isEmpty else { return }
        let random = RandomSource(seed: options.seed &+ 7)
        let admin = options.creator, helpDesk = helpDeskOperator
        func at(daysAgo: Double) throws {
            let target = options.now.addingTimeInterval(-daysAgo * RuleDurations.day)
            if target > (try TenantClock.now(db)) { _ = try Simulator.advance(db, to: target, random: random) }
        }
        func take(_ action: DeviceAction, _ key: Showcase.Key, by upn: String, _ input: [String: String] = [:]) throws {
            guard let device = showcase[key] else { return }
            var request = ActionRequest(action: action, deviceId: device.id, operatorUPN: upn, typedName: device.name, acknowledged: true)
            request.options = input
            _ = try ActionService.take(request, db, random: random)
        }
        try at(daysAgo: 20); try take(.wipe, .lostFullyManagedOffline, by: admin)          // R16: pending for long
        try at(daysAgo: 17); try take(.wipe, .windowsToWipe, by: admin)
        try at(daysAgo: 14); try take(.retire, .leaverIPhone, by: helpDesk)
        try at(daysAgo: 12); try take(.resetPasscode, .workProfileNoToken, by: helpDesk)   // R7: ends notSupported
        if let portal = showcase[.portalRetiredIPhone] {
            try at(daysAgo: 9); _ = try Simulator.portalRetire(db, deviceId: portal.id, random: random)      // R19: no audit entry
        }
        try at(daysAgo: 8); try take(.wipe, .windowsLaptop, by: readOnlyOperator)          // denied, audited
        try at(daysAgo: 6); try take(.resetPasscode, .iPhoneCompliancePasscode, by: helpDesk)   // R9
        try at(daysAgo: 5); try take(.sync, .windowsLaptop, by: helpDesk)
        try at(daysAgo: 4); try take(.delete, .windowsToWipe, by: admin)
        try at(daysAgo: 3); try take(.resetPasscode, .workProfileWithToken, by: helpDesk)   // R23: passcode visible 7 days
        try at(daysAgo: 1); try take(.retire, .offlineWorkProfile, by: helpDesk)            // R13: stays pending
        try at(daysAgo: 0.1); try take(.wipe, .offlineIPad, by: admin)
        // "I lost my phone": Lost Mode with a message, then located (R30–R32).
        try at(daysAgo: 0.08)
        try take(.enableLostMode, .lostIPhone, by: helpDesk, ["message": "This iPhone is lost. Please call Contoso IT.", "phoneNumber": "+33 1 70 00 12 34"])
        try take(.sync, .lostIPhone, by: helpDesk)
        try take(.locateDevice, .lostIPhone, by: helpDesk)
        try take(.sync, .lostIPhone, by: helpDesk)
        try at(daysAgo: 0.06); try take(.remoteLock, .lockedMac, by: helpDesk); try take(.sync, .lockedMac, by: helpDesk)   // R29: the PIN shows
        try at(daysAgo: 0.04); try take(.collectDiagnostics, .windowsDiagnostics, by: helpDesk)             // R35: an upload
        try take(.sync, .windowsDiagnostics, by: helpDesk)
        _ = try Simulator.advance(db, to: options.now, random: random)
    }
}

