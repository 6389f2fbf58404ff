/// The built-in roles of docs/RULES.md "Roles". Unknown operators get `readOnly`.
public enum Role: String, Codable, Sendable, CaseIterable {
    case readOnly = "readOnlyOperator"
    case helpDesk = "helpDeskOperator"
    case administrator

    public var displayName: String {
        switch self {
        case .readOnly: "Read only operator"
        case .helpDesk: "Help desk operator"
        case .administrator: "Administrator"
        }
    }

    /// Roles table: read only takes nothing; help desk takes every remote task the service's
    /// Help Desk Operator holds (not Delete, not Bypass Activation Lock); administrators take all.
    public func mayTake(_ action: DeviceAction) -> Bool {
        switch self {
        case .readOnly:
            return false
        case .helpDesk:
            switch action {
            case .delete, .bypassActivationLock: return false
            case .retire, .wipe, .resetPasscode, .sync, .remoteLock, .restart, .shutDown, .enableLostMode, .disableLostMode,
                 .locateDevice, .playLostModeSound, .rename, .sendCustomNotification, .collectDiagnostics: return true
            }
        case .administrator:
            return true
        }
    }

    /// Parses `administrator`, `helpdesk`, `help-desk`, `readonly`, … ignoring case.
    public init?(loose text: String) {
        let key = text.lowercased().filter { $0.isLetter }
        switch key {
        case "readonly", "readonlyoperator", "reader": self = .readOnly
        case "helpdesk", "helpdeskoperator": self = .helpDesk
        case "administrator", "admin": self = .administrator
        default: return nil
        }
    }
}

/// Someone using the console, identified by user principal name; `login`, when set, is the
/// account on this host that is this operator without saying so (`roles grant --login`).
public struct Operator: Codable, Sendable, Hashable {
    public var upn: String
    public var role: Role
    public var login: String?

    public init(upn: String, role: Role, login: String? = nil) {
        self.upn = upn
        self.role = role
        self.login = login
    }
}
