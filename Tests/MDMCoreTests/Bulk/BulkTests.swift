import Foundation
import GRDB
import Testing
@testable import MDMCore
@testable import MDMDemo

/// Bulk actions on the demo tenant: the preview against a plain per-device oracle, the
/// re-check at the moment each device is acted on, the cap, the roles, and a run's results.
@Suite("Bulk actions")
struct BulkTests {
    let folder = NSTemporaryDirectory() + "mdmconsole-bulk-\(UUID().uuidString)"

    func demo(devices: Int = 300) throws -> TenantStore {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/demo.sqlite"
        try DemoTenant.build(at: path, options: DemoTenant.Options(deviceCount: devices, now: Fixtures.now, creator: "admin@contoso.com"), replace: false)
        return try TenantStore(path: path)
    }

    /// The oracle: every device read whole, the rules asked one by one.
    func oracle(_ store: TenantStore, _ action: DeviceAction, _ devices: [Device], role: Role) throws -> (takeable: Int, byRule: [RuleID: Int]) {
        var takeable = 0
        var byRule: [RuleID: Int] = [:]
        for device in devices {
            var verdict = Rules.availability(of: action, for: device, role: role, now: try store.now(),
                                             openActions: try store.actions(deviceId: device.id).filter { $0.state.isOpen })
            if verdict.enabled, (action == .wipe || action == .delete), role != .administrator { verdict.enabled = false; verdict.rule = .role }
            if verdict.enabled { takeable += 1 } else { byRule[verdict.rule!, default: 0] += 1 }
        }
        return (takeable, byRule)
    }

    @Test("The preview's counts per rule equal a per-device oracle, for every action, by filter and by ids", arguments: DeviceAction.allCases)
    func previewEqualsOracle(action: DeviceAction) throws {
        let store = try demo()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let android = try store.devices(DeviceQuery(platform: .android))
        let preview = try BulkPreview.compute(store, action: action, selection: .matching(DeviceQuery(platform: .android), except: []), operatorUPN: "admin@contoso.com")
        let expected = try oracle(store, action, android, role: .administrator)
        #expect(preview.total == android.count)
        #expect(preview.takeable == expected.takeable)
        #expect(Dictionary(uniqueKeysWithValues: preview.groups.map { ($0.rule, $0.count) }) == expected.byRule)
        let some = Array(try store.devices(DeviceQuery()).prefix(40))
        let byIds = try BulkPreview.compute(store, action: action, selection: .ids(some.map(\.id) + ["no-such-device"]), operatorUPN: "helpdesk@contoso.com")
        let helpDesk = try oracle(store, action, some, role: .helpDesk)
        #expect(byIds.total == 40 && byIds.takeable == helpDesk.takeable)
        #expect(Dictionary(uniqueKeysWithValues: byIds.groups.map { ($0.rule, $0.count) }) == helpDesk.byRule)
    }

    @Test("A run takes each device in its own transaction with Graph's bulk names; check and audit verify pass")
    func runAndResults() throws {
        let store = try demo()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let selection = BulkSelection.matching(DeviceQuery(platform: .windows), except: [])
        let preview = try BulkPreview.compute(store, action: .sync, selection: selection, operatorUPN: "admin@contoso.com")
        let summary = try BulkRunner(store: store).run(.sync, selection: selection, operatorUPN: "admin@contoso.com", confirmCount: nil)
        #expect(summary.taken == preview.takeable && summary.greyed == preview.greyed)
        let entries = try store.auditEntries(AuditQuery(activity: "syncDevice"))
        let bulk = entries.filter { $0.changedProperties.contains(ChangedProperty("bulkDeviceActionId", from: "", to: summary.bulkId)) }
        #expect(bulk.count == summary.taken)
        #expect(bulk.allSatisfy { $0.changedProperties.contains(ChangedProperty("deviceActionCategory", from: "", to: "bulk")) })
        let lines = try BulkRuns(store: store).results(summary.bulkId)
        #expect(lines.count == preview.total)
        #expect(try BulkRuns(store: store).results(summary.bulkId, result: .taken).count == summary.taken)
        #expect(try ConsistencyCheck.run(store).isEmpty)
        #expect(try AuditVerifier.verify(store).problem == nil)
    }

    @Test("A device greyed between the preview and its turn is re-checked and never acted on")
    func recheckAtExecution() throws {
        let store = try demo()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let targets = try store.devices(DeviceQuery(platform: .windows)).filter { $0.managementState == .managed }.prefix(5).map(\.id)
        let selection = BulkSelection.ids(Array(targets))
        let preview = try BulkPreview.compute(store, action: .retire, selection: selection, operatorUPN: "admin@contoso.com")
        #expect(preview.takeable == 5)
        // Between preview and run, someone else retires the third one (R13 greys a second retire).
        _ = try ActionService(store: store).take(ActionRequest(action: .retire, deviceId: targets[2], operatorUPN: "admin@contoso.com", acknowledged: true))
        let checked = try BulkPreview.compute(store, action: .retire, selection: selection, operatorUPN: "admin@contoso.com")
        // The typed count is checked against the devices that would take it now.
        #expect(throws: BulkError.countMismatch(typed: 5, takeable: 4)) {
            _ = try BulkRunner(store: store).run(.retire, selection: selection, operatorUPN: "admin@contoso.com", confirmCount: 5)
        }
        var calls = 0
        let summary = try BulkRunner(store: store).run(.retire, selection: selection, operatorUPN: "admin@contoso.com", confirmCount: checked.takeable,
                                                       shouldStop: { calls += 1; return false })
        #expect(summary.taken == 4 && summary.greyed == 1)
        let greyed = try BulkRuns(store: store).results(summary.bulkId, result: .greyed)
        #expect(greyed.map(\.deviceId) == [targets[2]] && greyed.first?.rule == "R13")
        #expect(try store.actions(deviceId: targets[2]).filter { $0.action == .retire }.count == 1, "acted on once only")
        #expect(calls == 5)
    }

    @Test("The cap: a selection over bulk.max is refused before anything is done; an Administrator raises it (audited)")
    func cap() throws {
        let store = try demo()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try BulkSettings(store: store).setMax(50, by: "admin@contoso.com")
        #expect(throws: BulkError.overCap(selected: 300, cap: 50)) {
            _ = try BulkRunner(store: store).run(.sync, selection: .all, operatorUPN: "admin@contoso.com", confirmCount: nil)
        }
        #expect(try BulkRuns(store: store).runs().isEmpty)
        #expect(throws: BulkSettingError.lacksPermission(upn: "helpdesk@contoso.com", role: .helpDesk)) { try BulkSettings(store: store).setMax(5000, by: "helpdesk@contoso.com") }
        #expect(BulkSettingError.lacksPermission(upn: "h@c.com", role: .helpDesk).description.contains("changes bulk settings"))
        #expect(try BulkSettings(store: store).max() == 50)
        #expect(try store.auditEntries(AuditQuery(activity: "set BulkSetting")).map(\.result) == [.denied, .success])
    }

    @Test("ROLE: bulk wipe and bulk delete are Administrators' only; a help desk's bulk retire runs")
    func roles() throws {
        let store = try demo()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let selection = BulkSelection.matching(DeviceQuery(platform: .windows), except: [])
        let wipe = try BulkPreview.compute(store, action: .wipe, selection: selection, operatorUPN: "helpdesk@contoso.com")
        #expect(wipe.takeable == 0 && wipe.groups.first?.rule == .role)
        #expect(throws: BulkError.self) {
            _ = try BulkRunner(store: store).run(.wipe, selection: selection, operatorUPN: "helpdesk@contoso.com", confirmCount: 0)
        }
        let retire = try BulkPreview.compute(store, action: .retire, selection: selection, operatorUPN: "helpdesk@contoso.com")
        let summary = try BulkRunner(store: store).run(.retire, selection: selection, operatorUPN: "helpdesk@contoso.com", confirmCount: retire.takeable)
        #expect(summary.taken == retire.takeable)
    }

    @Test("Stopping (Esc, Ctrl-C) finishes the device in progress; the results say what was not reached")
    func stop() throws {
        let store = try demo()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var asked = 0
        let summary = try BulkRunner(store: store).run(.sync, selection: .all, operatorUPN: "admin@contoso.com", confirmCount: nil,
                                                       shouldStop: { asked += 1; return asked > 10 })
        #expect(summary.stopped && summary.taken + summary.greyed == 10 && summary.notReached == 290)
        #expect(try BulkRuns(store: store).runs().first?.state == "stopped")
    }

    @Test("A whole-filter mark minus the devices unmarked since")
    func exceptions() throws {
        let store = try demo()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let windows = try store.devices(DeviceQuery(platform: .windows))
        let selection = BulkSelection.matching(DeviceQuery(platform: .windows), except: [windows[0].id, windows[1].id])
        #expect(try selection.count(in: store, seenBy: "admin@contoso.com") == windows.count - 2)
        #expect(try BulkPreview.compute(store, action: .sync, selection: selection, operatorUPN: "admin@contoso.com").total == windows.count - 2)
    }
}
