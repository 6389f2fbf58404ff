import Foundation
import Testing
@testable import MDMCore

/// PERMISSION (docs/RULES.md): on a connected tenant, what the sign-in may do greys entries
/// after the device's own rules and the operator's local role.
@Suite("PERMISSION: what a connected tenant's sign-in may do")
struct PermissionRulesTests {
    let iphone = Fixtures.supervisedIPhone()

    func verdict(_ action: DeviceAction, _ grant: ServiceGrant, role: Role = .administrator) -> ActionAvailability {
        Rules.availability(of: action, for: iphone, role: role, now: Fixtures.now, grant: grant)
    }

    @Test("PERMISSION: without PrivilegedOperations.All every remote action but delete and wipe (ReadWrite.All) is greyed, naming it")
    func withoutPrivilegedOperations() {
        let grant = ServiceGrant(permissions: [GraphPermission.readDevices, GraphPermission.writeDevices])
        for action in [DeviceAction.retire, .sync, .resetPasscode, .bypassActivationLock] {
            let entry = verdict(action, grant)
            #expect(!entry.enabled && entry.rule == .permission, "\(action)")
            #expect(entry.reason?.contains("DeviceManagementManagedDevices.PrivilegedOperations.All") == true)
        }
        #expect(verdict(.delete, grant).enabled)
        #expect(verdict(.wipe, grant).enabled)
    }

    @Test("PERMISSION: with only PrivilegedOperations.All, delete is greyed (it needs ReadWrite.All)")
    func deleteNeedsReadWrite() {
        let grant = ServiceGrant(permissions: ["https://graph.microsoft.com/" + GraphPermission.privilegedOperations, "offline_access"])
        #expect(verdict(.retire, grant).enabled)
        let delete = verdict(.delete, grant)
        #expect(delete.rule == .permission && delete.reason?.contains(GraphPermission.writeDevices) == true)
    }

    @Test("PERMISSION: an Intune role without the resource action greys it, naming the action (help desk: delete and bypass)")
    func intuneRole() {
        var grant = ServiceGrant(permissions: GraphPermission.requested)
        grant.intuneActions = Set(GraphPermission.intuneResourceActions(of: .helpDesk))
        #expect(verdict(.delete, grant).reason == "Your Intune role does not include Microsoft.Intune_ManagedDevices_Delete.")
        #expect(verdict(.bypassActivationLock, grant).rule == .permission)
        #expect(verdict(.retire, grant).enabled && verdict(.wipe, grant).enabled)
    }

    @Test("PERMISSION: a token that names no permission greys nothing (the service decides)")
    func unknownPermissions() {
        for action in DeviceAction.allCases { #expect(verdict(action, .unknown).rule != .permission) }
    }

    @Test("PERMISSION comes after the device's rules and the local role: those reasons are the more fundamental")
    func order() {
        let none = ServiceGrant(permissions: [])
        #expect(Rules.availability(of: .wipe, for: Fixtures.workProfile("14"), role: .administrator, now: Fixtures.now, grant: none).rule == .r4)
        #expect(verdict(.delete, none, role: .helpDesk).rule == .role)
    }
}
