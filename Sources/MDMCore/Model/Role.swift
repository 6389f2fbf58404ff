/// A role: a named set of permissions (docs/RULES.md "Roles"). The built-in ones are the
/// service's, with the permissions of theirs that mdmconsole asks for; custom ones are the
/// tenant's own (`roles define`), kept in the store. Anyone with no role is Read Only Operator.
public struct Role: Codable, Sendable, Hashable {
    /// What the store keeps in an operator's row: a built-in's name below, or a custom role's UUID.
    public var id: String
    public var displayName: String
    public var description: String
    public var permissions: Set<Permission>
    public var isBuiltIn: Bool

    public init(id: String, displayName: String, description: String, permissions: Set<Permission>, isBuiltIn: Bool) {
        self.id = id
        self.displayName = displayName
        self.description = description
        self.permissions = permissions
        self.isBuiltIn = isBuiltIn
    }

    public func holds(_ permission: Permission) -> Bool { permissions.contains(permission) }

    /// Whether the role's permissions let it take `action` (the ROLE rule asks this).
    public func mayTake(_ action: DeviceAction) -> Bool { holds(action.permission) }

    // The built-in roles, from the service's built-in roles reference: each holds what the
    // service's role of that name holds, among the permissions in `Permission`.

    static let viewing: Set<Permission> = [.readDevices, .readAudit, .readOrganization]

    public static let readOnly = Role(
        id: "readOnlyOperator", displayName: "Read Only Operator",
        description: "Views devices, their actions and the audit log; takes no action.",
        permissions: viewing.union([.readRoles]), isBuiltIn: true)

    public static let helpDesk = Role(
        id: "helpDeskOperator", displayName: "Help Desk Operator",
        description: "Takes the remote tasks on users' devices; not Delete, not Bypass Activation Lock.",
        permissions: viewing.union([.readRoles, .retire, .wipe, .syncDevices, .resetPasscode, .remoteLock, .rebootNow, .shutDown,
                                    .enableLostMode, .disableLostMode, .locateDevice, .playLostModeSound, .setDeviceName,
                                    .sendCustomNotifications, .collectDiagnostics]),
        isBuiltIn: true)

    public static let schoolAdministrator = Role(
        id: "schoolAdministrator", displayName: "School Administrator",
        description: "Manages a school's devices: lock, restart, retire, wipe, delete; not Shut down, custom notifications or Bypass Activation Lock.",
        permissions: viewing.union([.deleteDevices, .retire, .wipe, .syncDevices, .resetPasscode, .remoteLock, .rebootNow,
                                    .enableLostMode, .disableLostMode, .locateDevice, .playLostModeSound, .setDeviceName,
                                    .collectDiagnostics]),
        isBuiltIn: true)

    public static let endpointSecurityManager = Role(
        id: "endpointSecurityManager", displayName: "Endpoint Security Manager",
        description: "Security and compliance: restarts, locks, shuts down, syncs and deletes devices; no retire or wipe.",
        permissions: viewing.union([.readRoles, .deleteDevices, .rebootNow, .remoteLock, .shutDown, .syncDevices]),
        isBuiltIn: true)

    public static let roleAdministrator = Role(
        id: "intuneRoleAdministrator", displayName: "Intune Role Administrator",
        description: "Defines custom roles and assigns roles; sees no device (the service gives it no Managed devices/Read).",
        permissions: [.readOrganization, .readRoles, .createRoles, .updateRoles, .deleteRoles, .assignRoles],
        isBuiltIn: true)

    public static let administrator = Role(
        id: "intuneAdministrator", displayName: "Intune Administrator",
        description: "Holds every permission.",
        permissions: Set(Permission.allCases), isBuiltIn: true)

    /// Most permissions first, as `roles list` shows them.
    public static let builtIn: [Role] = [.administrator, .roleAdministrator, .schoolAdministrator, .endpointSecurityManager, .helpDesk, .readOnly]

    /// The id an earlier release stored for Intune Administrator (before roles were permission
    /// sets, it was "Administrator"): read as it, and rewritten by `RoleUpgrade`.
    static let formerAdministratorId = "administrator"

    /// A built-in role by its stored id (the former Administrator's too).
    public static func builtIn(id: String) -> Role? {
        if id == formerAdministratorId { return .administrator }
        return builtIn.first { $0.id == id }
    }

    /// A built-in role by a loose name: `administrator`, `helpdesk`, `help-desk`, `readonly`,
    /// `school-administrator`, `Endpoint Security Manager`, `role-administrator`… ignoring case.
    public init?(loose text: String) {
        let key = text.lowercased().filter { $0.isLetter }
        let found: Role? = switch key {
        case "readonly", "readonlyoperator", "reader": .readOnly
        case "helpdesk", "helpdeskoperator": .helpDesk
        case "administrator", "admin", "intuneadministrator": .administrator
        case "schooladministrator", "schooladmin": .schoolAdministrator
        case "endpointsecuritymanager", "securitymanager": .endpointSecurityManager
        case "intuneroleadministrator", "roleadministrator", "roleadmin": .roleAdministrator
        default: nil
        }
        guard let found else { return nil }
        self = found
    }
}

/// Someone using the console, identified by user principal name, and the id of their role;
/// `login`, when set, is the account on this host that is this operator without saying so
/// (`roles grant --login`).
public struct Operator: Codable, Sendable, Hashable {
    public var upn: String
    public var roleId: String
    public var login: String?
    /// The assignment's scope tags; nil: every device.
    public var scopeTagIds: [String]?

    public init(upn: String, roleId: String, login: String? = nil, scopeTagIds: [String]? = nil) {
        self.upn = upn
        self.roleId = roleId
        self.login = login
        self.scopeTagIds = scopeTagIds
    }

    public var scope: DeviceScope { scopeTagIds.map { .tags(Set($0)) } ?? .everyDevice }

    enum CodingKeys: String, CodingKey {
        case upn, login, scopeTagIds
        case roleId = "role"
    }
}
