import Foundation
import GRDB
import Testing
@testable import MDMCore

/// Scope tags (docs/trust.md "Scope tags"): an operator limited to a region's tag sees and
/// acts on that region's devices only, in every read the front ends make.
@Suite("Scope tags")
struct ScopeTagTests {
    /// Three iPhones: two in Europe, one in North America once tagged; a European help desk.
    func regionalTenant() throws -> (TemporaryStore, paris: Device, lyon: Device, boston: Device) {
        func phone(_ id: String, _ name: String) -> Device {
            var device = Fixtures.supervisedIPhone()
            device.id = id
            device.name = name
            return device
        }
        let (paris, lyon, boston) = (phone("11111111-0000-0000-0000-000000000001", "Paris iPhone"),
                                     phone("11111111-0000-0000-0000-000000000002", "Lyon iPhone"),
                                     phone("11111111-0000-0000-0000-000000000003", "Boston iPhone"))
        let tenant = try TemporaryStore(seededWith: [paris, lyon, boston])
        let tags = ScopeTagService(store: tenant.store)
        let europe = try tags.define(name: "Europe", by: "admin@contoso.com")
        let america = try tags.define(name: "North America", by: "admin@contoso.com")
        #expect((europe.id, america.id) == ("1", "2"))
        #expect(try tags.tag("Europe", devices: [paris.id, lyon.id], adding: true, by: "admin@contoso.com") == 2)
        #expect(try tags.tag("north america", devices: [boston.id], adding: true, by: "admin@contoso.com") == 1)
        try RoleService(store: tenant.store).grant(.helpDesk, to: "eu@contoso.com", scope: .tags([europe.id]), by: "admin@contoso.com")
        return (tenant, paris, lyon, boston)
    }

    @Test("A regional operator never meets another region's device: list, count, search, window, resolve, overview, actions, audit, bulk")
    func regionalOperatorSeesTheirRegion() throws {
        let (tenant, paris, lyon, boston) = try regionalTenant()
        let store = tenant.store
        let upn = "eu@contoso.com"
        var query = DeviceQuery()
        query.scope = try store.scope(of: upn)
        #expect(try store.devices(query).map(\.name) == ["Lyon iPhone", "Paris iPhone"])
        #expect(try store.deviceCount(query) == 2)
        query.search = "iPhone"
        #expect(try store.deviceCount(query) == 2)
        query.search = "Boston"
        #expect(try store.devices(query).isEmpty, "a search does not reach past the scope")
        query.search = ""
        let window = try store.deviceWindow(query, start: .first, limit: 10, counting: true)
        #expect(window.rows.map(\.id) == [lyon.id, paris.id] && window.count?.value == 2 && window.tenantTotal == 2)
        #expect(try store.deviceWindow(DeviceQuery(), start: .first, limit: 10).tenantTotal == 3, "an unscoped operator's tenant is every device")

        // Out of scope reads as absent, with no suggestion naming it.
        #expect(throws: StoreError.unknownDevice("Boston iPhone", suggestions: [])) { try store.resolveDevice("Boston iPhone", seenBy: upn) }
        #expect(throws: StoreError.unknownDevice("Bost", suggestions: [])) { try store.resolveDevice("Bost", seenBy: upn) }
        #expect(try store.resolveDevice("Boston iPhone").id == boston.id)
        #expect(try store.overview(deviceId: boston.id, operatorUPN: upn) == nil)
        #expect(try store.overview(deviceId: paris.id, operatorUPN: upn) != nil)

        // Acting on it is refused as on a device that is not there, and nothing is recorded.
        let before = try store.auditEntries().count
        #expect(throws: ActionError.unknownDevice(id: boston.id)) {
            try ActionService(store: store).take(ActionRequest(action: .sync, deviceId: boston.id, operatorUPN: upn))
        }
        #expect(try store.auditEntries().count == before)
        _ = try ActionService(store: store).take(ActionRequest(action: .sync, deviceId: paris.id, operatorUPN: upn))
        _ = try ActionService(store: store).take(ActionRequest(action: .sync, deviceId: boston.id, operatorUPN: "admin@contoso.com"))

        // History: their own and their region's, not Boston's.
        #expect(try store.actions(seenBy: upn).map(\.deviceName) == ["Paris iPhone"])
        #expect(Set(try store.actions().map(\.deviceName)) == ["Paris iPhone", "Boston iPhone"])
        var audit = AuditQuery()
        audit.reader = try store.scopedReader(upn)
        let seen = try store.auditEntries(audit)
        #expect(!seen.contains { $0.deviceId == boston.id }, "Boston's tag and sync are not in their log")
        #expect(seen.contains { $0.deviceId == paris.id })
        #expect(try store.auditEntries().contains { $0.deviceId == boston.id })
        #expect(try store.auditCount(audit) == seen.count)

        // A bulk run over everything reaches their region only, whatever the selection says.
        let summary = try BulkRunner(store: store).run(.sync, selection: .ids([paris.id, boston.id, lyon.id]), operatorUPN: upn, confirmCount: nil)
        #expect(summary.total == 2)
        #expect(try BulkSelection.all.count(in: store, seenBy: upn) == 2)
        #expect(try store.unknownDeviceIds([paris.id, boston.id], seenBy: upn) == [boston.id])
    }

    @Test("Tagging is Roles/Assign, audited per device; a first tag replaces Default, the last one off gives it back")
    func taggingRules() throws {
        let (tenant, paris, _, _) = try regionalTenant()
        let tags = ScopeTagService(store: tenant.store)
        #expect(try tenant.store.device(id: paris.id)?.roleScopeTagIds == ["1"])
        #expect(throws: RoleChangeError.lacksPermission(upn: "helpdesk@contoso.com", role: "Help Desk Operator", needed: .assignRoles)) {
            try tags.tag("Europe", devices: [paris.id], adding: false, by: "helpdesk@contoso.com")
        }
        #expect(try tenant.store.auditEntries().first?.result == .denied)
        try tags.tag("North America", devices: [paris.id], adding: true, by: "admin@contoso.com")
        #expect(try tenant.store.device(id: paris.id)?.roleScopeTagIds == ["1", "2"])
        try tags.tag("1", devices: [paris.id], adding: false, by: "admin@contoso.com")
        try tags.tag("2", devices: [paris.id], adding: false, by: "admin@contoso.com")
        #expect(try tenant.store.device(id: paris.id)?.roleScopeTagIds == [ScopeTag.defaultId])
        let entry = try #require(try tenant.store.auditEntries().first { $0.deviceId == paris.id })
        #expect(entry.activity == "assign RoleScopeTag" && entry.changedProperties == [ChangedProperty("roleScopeTagIds", from: "2", to: "0")])
        #expect(throws: ScopeTagError.builtIn) { try tags.define(name: "default", by: "admin@contoso.com") }
        #expect(throws: ScopeTagError.nameTaken(name: "europe")) { try tags.define(name: "europe", by: "admin@contoso.com") }
        #expect(throws: ScopeTagError.inUse(name: "Europe", devices: 1, operators: ["eu@contoso.com"])) { try tags.delete("Europe", by: "admin@contoso.com") }
        #expect(throws: ScopeTagError.self) { try RoleService(store: tenant.store).grant(.helpDesk, to: "x@contoso.com", scope: .tags(["9"]), by: "admin@contoso.com") }
        #expect(try ConsistencyCheck.run(tenant.store) == [])
    }

    @Test("A grant keeps the scope unless told; a scope widened with sqlite3 is named by check")
    func scopeIsAuditedAndChecked() throws {
        let (tenant, _, _, _) = try regionalTenant()
        try RoleService(store: tenant.store).grant(.readOnly, to: "eu@contoso.com", by: "admin@contoso.com")
        #expect(try tenant.store.scope(of: "eu@contoso.com") == .tags(["1"]), "a new role, the same region")
        #expect(try ConsistencyCheck.run(tenant.store) == [])
        try RoleService(store: tenant.store).revoke("eu@contoso.com", by: "admin@contoso.com")
        try RoleService(store: tenant.store).grant(.helpDesk, to: "eu@contoso.com", by: "admin@contoso.com")
        #expect(try tenant.store.scope(of: "eu@contoso.com") == .everyDevice, "a revoke ends the scope with the role")
        #expect(try ConsistencyCheck.run(tenant.store) == [])
        try RoleService(store: tenant.store).grant(.readOnly, to: "eu@contoso.com", scope: .tags(["1"]), by: "admin@contoso.com")
        try tenant.store.write { db in try db.execute(sql: "UPDATE operator SET scopeTagIds = NULL WHERE upn = 'eu@contoso.com'") }
        #expect(try tenant.store.scope(of: "eu@contoso.com") == .everyDevice)
        #expect(try ConsistencyCheck.run(tenant.store)
                == ["operator eu@contoso.com sees every device but the audit log last gave them the devices tagged 1 (scope tags written outside mdmconsole?)"])
    }
}
