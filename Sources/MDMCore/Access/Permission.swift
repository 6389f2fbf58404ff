/// One Intune permission, as the service's custom-role page names it ("Remote tasks/Wipe",
/// "Managed devices/Delete", "Roles/Assign"): a role is a set of these (docs/RULES.md "Roles").
/// Only the permissions something in mdmconsole asks for are here; their Graph spelling
/// (`Microsoft.Intune_RemoteTasks_Wipe`) is in `Wire/GraphResourceAction.swift`.
/// The raw value is what the store keeps: never change one.
public enum Permission: String, CaseIterable, Codable, Sendable, Comparable {
    case readDevices, deleteDevices
    case retire, wipe, syncDevices, resetPasscode, bypassActivationLock, remoteLock, rebootNow, shutDown
    case enableLostMode, disableLostMode, locateDevice, playLostModeSound, setDeviceName, sendCustomNotifications
    case collectDiagnostics
    case readAudit
    case readOrganization, updateOrganization
    case readRoles, createRoles, updateRoles, deleteRoles, assignRoles
    case readAccessPolicy, createAccessPolicy, deleteAccessPolicy, approveMultiAdminApproval

    /// The portal's group ("Remote tasks") and action ("Wipe"), as `create-custom-role` lists them.
    public var portalName: (group: String, action: String) {
        switch self {
        case .readDevices: ("Managed devices", "Read")
        case .deleteDevices: ("Managed devices", "Delete")
        case .retire: ("Remote tasks", "Retire")
        case .wipe: ("Remote tasks", "Wipe")
        case .syncDevices: ("Remote tasks", "Sync devices")
        case .resetPasscode: ("Remote tasks", "Reset passcode")
        case .bypassActivationLock: ("Remote tasks", "Bypass activation lock")
        case .remoteLock: ("Remote tasks", "Remote lock")
        case .rebootNow: ("Remote tasks", "Reboot now")
        case .shutDown: ("Remote tasks", "Shut down")
        case .enableLostMode: ("Remote tasks", "Enable lost mode")
        case .disableLostMode: ("Remote tasks", "Disable lost mode")
        case .locateDevice: ("Remote tasks", "Locate device")
        case .playLostModeSound: ("Remote tasks", "Play sound to locate lost devices")
        case .setDeviceName: ("Remote tasks", "Set device name")
        case .sendCustomNotifications: ("Remote tasks", "Send custom notifications")
        case .collectDiagnostics: ("Remote tasks", "Collect diagnostics")
        case .readAudit: ("Audit data", "Read")
        case .readOrganization: ("Organization", "Read")
        case .updateOrganization: ("Organization", "Update")
        case .readRoles: ("Roles", "Read")
        case .createRoles: ("Roles", "Create")
        case .updateRoles: ("Roles", "Update")
        case .deleteRoles: ("Roles", "Delete")
        case .assignRoles: ("Roles", "Assign")
        case .readAccessPolicy: ("Multi Admin Approval", "Read access policy")
        case .createAccessPolicy: ("Multi Admin Approval", "Create access policy")
        case .deleteAccessPolicy: ("Multi Admin Approval", "Delete access policy")
        case .approveMultiAdminApproval: ("Multi Admin Approval", "Approval for Multi Admin Approval")
        }
    }

    /// "Remote tasks/Wipe": how every message and listing names it.
    public var name: String { "\(portalName.group)/\(portalName.action)" }

    /// What it lets an operator do here, for `roles permissions` and `roles show`.
    public var purpose: String {
        if !actions.isEmpty { return "take " + actions.map { $0.title(on: .windows) }.joined(separator: ", ") }
        return switch self {
        case .readDevices: "see devices (the service needs it for every other device permission)"
        case .readAudit: "read the audit log"
        case .readOrganization: "see the tenant's settings"
        case .updateOrganization: "change the tenant's settings (bulk limits, simulation, inventory import) and run a bulk Wipe or Delete"
        case .readRoles: "see roles and who holds them"
        case .createRoles: "define custom roles"
        case .updateRoles: "change custom roles"
        case .deleteRoles: "delete custom roles"
        case .assignRoles: "give operators roles, their keys, logins and API tokens"
        case .readAccessPolicy: "see the access policies that make wipe, retire and delete wait for a second operator's approval"
        case .createAccessPolicy: "ask for a new access policy (it waits for another operator's approval)"
        case .deleteAccessPolicy: "ask to delete an access policy (it waits for another operator's approval)"
        case .approveMultiAdminApproval: "approve or reject other operators' requests, where an access policy names them approvers"
        default: name
        }
    }

    /// The actions this permission lets a role take.
    public var actions: [DeviceAction] { DeviceAction.allCases.filter { $0.permission == self } }

    public static func < (lhs: Permission, rhs: Permission) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The permissions one spelling names: "Remote tasks/Wipe" (case and spaces ignored),
    /// `Microsoft.Intune_RemoteTasks_Wipe`, or a whole group, "Remote tasks/*"; nil when none.
    public static func named(_ text: String) -> [Permission]? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let wire = Permission(graphResourceAction: trimmed) { return [wire] }
        let key = loose(trimmed)
        if trimmed.hasSuffix("/*") {
            let group = loose(String(trimmed.dropLast(2)))
            let members = allCases.filter { loose($0.portalName.group) == group }
            return members.isEmpty ? nil : members
        }
        if key == "*" { return allCases }
        return allCases.first { loose($0.name) == key }.map { [$0] }
    }

    private static func loose(_ text: String) -> String {
        String(text.lowercased().filter { !$0.isWhitespace && $0 != "." })
    }
}

extension DeviceAction {
    /// The permission a role must hold to take this action (Delete is a managed-devices
    /// permission, not a remote task, as in the service).
    public var permission: Permission {
        switch self {
        case .retire: .retire
        case .wipe: .wipe
        case .delete: .deleteDevices
        case .sync: .syncDevices
        case .resetPasscode: .resetPasscode
        case .bypassActivationLock: .bypassActivationLock
        case .remoteLock: .remoteLock
        case .restart: .rebootNow
        case .shutDown: .shutDown
        case .enableLostMode: .enableLostMode
        case .disableLostMode: .disableLostMode
        case .locateDevice: .locateDevice
        case .playLostModeSound: .playLostModeSound
        case .rename: .setDeviceName
        case .sendCustomNotification: .sendCustomNotifications
        case .collectDiagnostics: .collectDiagnostics
        }
    }
}
