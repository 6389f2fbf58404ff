import Foundation
import Testing
@testable import MDMCore

/// The Roles table of docs/RULES.md (rule id ROLE).
@Suite("Roles")
struct RoleRulesTests {
    @Test("ROLE: who may take what", arguments: [
        (Role.readOnly, DeviceAction.retire, false), (.readOnly, .wipe, false), (.readOnly, .delete, false),
        (.readOnly, .sync, false), (.readOnly, .resetPasscode, false), (.readOnly, .bypassActivationLock, false),
        (.helpDesk, .retire, true), (.helpDesk, .wipe, true), (.helpDesk, .resetPasscode, true), (.helpDesk, .sync, true),
        (.helpDesk, .delete, false), (.helpDesk, .bypassActivationLock, false),
        (.administrator, .retire, true), (.administrator, .wipe, true), (.administrator, .delete, true),
        (.administrator, .sync, true), (.administrator, .resetPasscode, true), (.administrator, .bypassActivationLock, true),
    ])
    func rights(role: Role, action: DeviceAction, allowed: Bool) {
        #expect(role.mayTake(action) == allowed)
        // On a device where every action is otherwise possible, the role alone decides.
        let device = Fixtures.supervisedIPhone()
        let verdict = Fixtures.verdict(action, device, role: role)
        #expect(verdict.enabled == allowed)
        if !allowed {
            #expect(verdict.rule == .role)
            #expect(verdict.reason?.contains(role.displayName) == true)
        }
    }

    @Test("ROLE: the role is reported before a device rule, so a refusal by role is always audited as denied")
    func roleFirst() {
        #expect(Fixtures.verdict(.wipe, Fixtures.workProfile("13"), role: .readOnly).rule == .role)
        #expect(Fixtures.verdict(.wipe, Fixtures.workProfile("13"), role: .administrator).rule == .r4)
    }
}
