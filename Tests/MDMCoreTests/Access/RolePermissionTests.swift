import Foundation
import GRDB
import Testing
@testable import MDMCore

/// Roles as sets of Intune permissions (docs/RULES.md "Roles"): the built-in roles' tables,
/// custom roles, the upgrade of a store whose roles were the three fixed ones.
@Suite("Roles and permissions")
struct RolePermissionTests {
    /// Each built-in role, a row per action: allowed, or greyed naming the permission it lacks
    /// (the service's built-in roles reference, among mdmconsole's actions).
    @Test("Each built-in role takes exactly the actions whose permission it holds, and greys the others naming the permission")
    func builtInTables() {
        let lacks: [Role: Set<DeviceAction>] = [
            .readOnly: Set(DeviceAction.allCases),
            .helpDesk: [.delete, .bypassActivationLock],
            .schoolAdministrator: [.bypassActivationLock, .shutDown, .sendCustomNotification],
            .endpointSecurityManager: Set(DeviceAction.allCases).subtracting([.delete, .restart, .remoteLock, .shutDown, .sync]),
            .roleAdministrator: Set(DeviceAction.allCases),
            .administrator: [],
        ]
        #expect(Set(lacks.keys) == Set(Role.builtIn))
        let phone = Fixtures.supervisedIPhone()
        for (role, lacked) in lacks {
            for action in DeviceAction.allCases {
                let verdict = Rules.availability(of: action, for: phone, role: role, now: Fixtures.now)
                if lacked.contains(action) {
                    #expect(verdict.rule == .role, "\(role.displayName) \(action)")
                    #expect(verdict.reason?.contains("lacks \(action.permission.name)") == true, "\(role.displayName) \(action): \(verdict.reason ?? "")")
                } else {
                    #expect(verdict.rule != .role, "\(role.displayName) \(action)")
                }
            }
        }
    }

    @Test("A permission is named as the portal writes it, as Graph does, or by its group")
    func permissionNames() {
        #expect(Permission.named("Remote tasks/Wipe") == [.wipe])
        #expect(Permission.named("remote TASKS/ wipe") == [.wipe])
        #expect(Permission.named("Microsoft.Intune_ManagedDevices_Delete") == [.deleteDevices])
        #expect(Set(Permission.named("Roles/*") ?? []) == [.readRoles, .createRoles, .updateRoles, .deleteRoles, .assignRoles])
        #expect(Permission.named("Remote tasks/Explode") == nil)
        for permission in Permission.allCases {
            #expect(Permission.named(permission.name) == [permission])
            #expect(Permission(graphResourceAction: permission.graphResourceAction) == permission)
        }
    }

    @Test("A custom role is defined, held, changed and deleted by holders of Roles/…; each step audited and explained to check")
    func customRoleLifecycle() throws {
        let tenant = try TemporaryStore(seededWith: [Fixtures.supervisedIPhone()])
        let roles = RoleService(store: tenant.store)
        #expect(throws: RoleChangeError.lacksPermission(upn: "helpdesk@contoso.com", role: "Help Desk Operator", needed: .createRoles)) {
            try roles.define(RoleDraft(name: "Lockers", permissions: [.remoteLock]), by: "helpdesk@contoso.com")
        }
        #expect(try tenant.store.auditEntries().first?.result == .denied)
        let lockers = try roles.define(RoleDraft(name: "Lockers", permissions: [.readDevices, .remoteLock]), by: "admin@contoso.com")
        #expect(throws: RoleChangeError.nameTaken(name: "lockers")) { try roles.define(RoleDraft(name: "lockers", permissions: [.wipe]), by: "admin@contoso.com") }
        #expect(throws: RoleChangeError.nameTaken(name: "Help Desk Operator")) { try roles.define(RoleDraft(name: "Help Desk Operator", permissions: [.wipe]), by: "admin@contoso.com") }
        #expect(throws: RoleChangeError.builtIn(name: "Help Desk Operator")) { try roles.delete(role: "helpdesk", by: "admin@contoso.com") }
        try roles.grant(lockers, to: "ana@contoso.com", by: "admin@contoso.com")
        let device = Fixtures.supervisedIPhone()
        #expect(Rules.availability(of: .remoteLock, for: device, role: try tenant.store.role(of: "ana@contoso.com"), now: Fixtures.now).rule != .role)
        #expect(Rules.availability(of: .wipe, for: device, role: try tenant.store.role(of: "ana@contoso.com"), now: Fixtures.now).rule == .role)
        #expect(throws: RoleChangeError.inUse(name: "Lockers", operators: ["ana@contoso.com"])) { try roles.delete(role: "Lockers", by: "admin@contoso.com") }
        try roles.change(role: "lockers", by: "admin@contoso.com") { $0.permissions.insert(.wipe) }
        #expect(Rules.availability(of: .wipe, for: device, role: try tenant.store.role(of: "ana@contoso.com"), now: Fixtures.now).rule != .role,
                "a change reaches the role's holders at once")
        #expect(try ConsistencyCheck.run(tenant.store) == [])
        try roles.revoke("ana@contoso.com", by: "admin@contoso.com")
        try roles.delete(role: "Lockers", by: "admin@contoso.com")
        #expect(try tenant.store.role(named: "Lockers") == nil)
        #expect(try ConsistencyCheck.run(tenant.store) == [])
    }

    @Test("A custom role widened with sqlite3 is named by check")
    func customRoleTampered() throws {
        let tenant = try TemporaryStore()
        try RoleService(store: tenant.store).define(RoleDraft(name: "Lockers", permissions: [.remoteLock]), by: "admin@contoso.com")
        try tenant.store.write { db in try db.execute(sql: "UPDATE roleDefinition SET permissions = '[\"wipe\",\"remoteLock\"]'") }
        let problems = try ConsistencyCheck.run(tenant.store)
        #expect(problems == ["custom role Lockers holds Remote tasks/Wipe, Remote tasks/Remote lock but the audit log last gave it Remote tasks/Remote lock (changed outside mdmconsole?)"])
    }

    @Test("A store of 0.14 upgrades: its Administrator becomes Intune Administrator, once, audited, and check still explains every role")
    func upgradeOfFixedRoles() throws {
        let tenant = try TemporaryStore()
        // As 0.14 left it: the former id, no upgrade done.
        try tenant.store.write { db in
            try db.execute(sql: "UPDATE operator SET role = 'administrator' WHERE upn = 'admin@contoso.com'")
            try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [RoleUpgrade.doneKey])
        }
        let path = tenant.path
        try tenant.store.close()
        let before = try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM auditEntry") ?? 0 }
        let reopened = try TenantStore(path: path)
        #expect(try reopened.role(of: "admin@contoso.com") == .administrator)
        #expect(try reopened.operators().first { $0.upn == "admin@contoso.com" }?.roleId == Role.administrator.id)
        let after = try reopened.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM auditEntry") ?? 0 }
        #expect(after == before + 3, "one entry per operator")
        #expect(try ConsistencyCheck.run(reopened) == [])
        try reopened.close()
        let again = try TenantStore(path: path)
        #expect(try again.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM auditEntry") ?? 0 } == after, "done once")
    }
}
