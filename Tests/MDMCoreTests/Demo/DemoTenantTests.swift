import Foundation
import Testing
@testable import MDMCore
@testable import MDMDemo

/// The demo tenant: deterministic, populated, and covering every rule's boundary.
@Suite("Demo tenant")
struct DemoTenantTests {
    static func build(seed: UInt64 = 1, devices: Int = 300) throws -> (TenantStore, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("tenant.sqlite").path
        try DemoTenant.build(at: path, options: DemoTenant.Options(deviceCount: devices, seed: seed, now: Fixtures.now, creator: "maria@contoso.com"), replace: false)
        return (try TenantStore(path: path), folder)
    }

    @Test("The same seed gives the same tenant; another seed a different one")
    func deterministic() throws {
        let (first, a) = try Self.build(seed: 7)
        let (second, b) = try Self.build(seed: 7)
        let (other, c) = try Self.build(seed: 8)
        defer { for url in [a, b, c] { try? FileManager.default.removeItem(at: url) } }
        let all = DeviceQuery()
        #expect(try first.devices(all) == second.devices(all))
        #expect(try first.actions().map(\.id) == second.actions().map(\.id))
        #expect(try first.auditEntries() == second.auditEntries())
        #expect(try first.devices(all).map(\.name) != other.devices(all).map(\.name))
    }

    @Test("Android names carry the portal's enrollment stamp, as DateFormatter would write it")
    func enrollmentStamp() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "M/d/yyyy_h:mm a"
        var random = SeededRandom(seed: 42)
        var dates = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 43_200), Date(timeIntervalSince1970: 1_709_164_800)]
        for _ in 0..<2000 { dates.append(Date(timeIntervalSince1970: Double(random.next() % 2_000_000_000) + 0.75)) }
        for date in dates { #expect(DateFormatting.portalEnrollmentTag(date) == formatter.string(from: date)) }
    }

    @Test("A few hundred devices over every platform and management type, with a clock at --now")
    func coverage() throws {
        let (store, folder) = try Self.build()
        defer { try? FileManager.default.removeItem(at: folder) }
        let devices = try store.devices(DeviceQuery())
        #expect(devices.count >= 290)
        #expect(Set(devices.map(\.platform)) == Set(Platform.allCases))
        #expect(Set(devices.map(\.managementType)) == Set(ManagementType.allCases))
        #expect(try store.now() == Fixtures.now)
        #expect(Set(devices.map(\.name)).count == devices.count, "names are unique")
    }

    @Test("Every greyed rule and every enabled path can be found in the demo (R24, R27–R36 too, each everyday task enabled somewhere)")
    func everyRuleOnShow() throws {
        let (store, folder) = try Self.build()
        defer { try? FileManager.default.removeItem(at: folder) }
        let now = try store.now()
        var greyedRules: Set<RuleID> = []
        var enabled: Set<DeviceAction> = []
        var predictedNotSupported = false
        for device in try store.devices(DeviceQuery()) {
            let open = try store.actions(deviceId: device.id).filter { $0.state.isOpen }
            for verdict in Rules.availability(for: device, role: .administrator, now: now, openActions: open) {
                if let rule = verdict.rule { greyedRules.insert(rule) }
                if verdict.enabled { enabled.insert(verdict.action) }
                if verdict.predictedOutcome == .notSupported { predictedNotSupported = true }
            }
        }
        #expect(greyedRules.isSuperset(of: [.r1, .r4, .r5, .r6, .r8, .r13, .r14, .r21, .r22, .r24, .r27, .r28, .r29, .r30, .r31, .r32,
                                            .r33, .r34, .r35, .r36]))
        #expect(enabled == Set(DeviceAction.allCases), "every action enabled on some device: \(Set(DeviceAction.allCases).subtracting(enabled))")
        let overviews = try store.devices(DeviceQuery()).compactMap { try store.overview(deviceId: $0.id, operatorUPN: "admin@contoso.com") }
        let findings = Set(overviews.flatMap { $0.remoteTaskFindings.map(\.label) })
        #expect(findings == ["Lost Mode", "Location", "Unlock PIN", "Diagnostics"], "a lost iPhone located, a locked Mac, a laptop's logs")
        #expect(predictedNotSupported, "R7: a work profile without a reset token")
        let devices = try store.devices(DeviceQuery())
        #expect(devices.contains { BypassCode.visibleCode($0, at: now) != nil }, "R3: a valid code to show")
        #expect(devices.contains { !$0.isOnline }, "offline devices")
        #expect(devices.contains { $0.managementType == .appleUserEnrollment && $0.platform == .iOS })
    }

    @Test("History: every state, a denied attempt, and a Company Portal retire with no audit entry (R19)")
    func history() throws {
        let (store, folder) = try Self.build()
        defer { try? FileManager.default.removeItem(at: folder) }
        let actions = try store.actions()
        let states = Set(actions.map(\.state))
        #expect(states.isSuperset(of: [.pending, .done, .notSupported]))
        let portal = try #require(actions.first { $0.source == .companyPortal })
        #expect(try store.auditEntries(forAction: portal.id).isEmpty)
        #expect(try store.auditEntries(AuditQuery(result: .denied)).count == 1)
        for record in actions where record.source == .console {
            #expect(try store.auditEntries(forAction: record.id).count == 1, "R18: \(record.action) on \(record.deviceName)")
        }
        // R16: the lost phone's wipe has been pending for weeks.
        #expect(actions.contains { $0.action == .wipe && $0.state == .pending && Fixtures.now.timeIntervalSince($0.issuedAt) > 7 * Fixtures.day })
    }

    @Test("Its creator is Administrator; a help desk and a read-only operator come with it")
    func operators() throws {
        let (store, folder) = try Self.build(devices: 40)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try store.role(of: "maria@contoso.com") == .administrator)
        #expect(try store.role(of: DemoTenant.helpDeskOperator) == .helpDesk)
        #expect(try store.role(of: DemoTenant.readOnlyOperator) == .readOnly)
    }

    @Test("An existing tenant is not replaced without --force, and is left as it was")
    func refusesToReplace() throws {
        let (store, folder) = try Self.build(devices: 40)
        defer { try? FileManager.default.removeItem(at: folder) }
        let count = try store.deviceCount()
        #expect(throws: StoreError.self) {
            try DemoTenant.build(at: store.path, options: DemoTenant.Options(deviceCount: 10, now: Fixtures.now, creator: "x"), replace: false)
        }
        #expect(try store.deviceCount() == count)
    }
}
