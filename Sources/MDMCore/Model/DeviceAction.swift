/// A remote action of the "… More" menu. Every action is always listed (greyed when it
/// cannot be taken); `allCases` is the menu's order.
public enum DeviceAction: String, Codable, Sendable, CaseIterable {
    case retire
    case wipe
    case delete
    case sync
    case resetPasscode = "reset-passcode"
    case bypassActivationLock = "bypass-activation-lock"

    /// The menu title; Reset passcode is called Remove passcode on iOS/iPadOS.
    public func title(on platform: Platform) -> String {
        switch self {
        case .retire: "Retire"
        case .wipe: "Wipe"
        case .delete: "Delete"
        case .sync: "Sync"
        case .resetPasscode: platform.isAppleMobile ? "Remove passcode" : "Reset passcode"
        case .bypassActivationLock: "Bypass Activation Lock"
        }
    }

    /// The audit log's activity, as the service writes it.
    public var auditActivity: String {
        switch self {
        case .retire: "retire ManagedDevice"
        case .wipe: "wipe ManagedDevice"
        case .delete: "Delete ManagedDevice"
        case .sync: "syncDevice ManagedDevice"
        case .resetPasscode: "resetPasscode ManagedDevice"
        case .bypassActivationLock: "bypassActivationLock ManagedDevice"
        }
    }

    /// Parses the command-line names, with `remove-passcode` as an alias (and camelCase).
    public init?(commandName: String) {
        let key = commandName.lowercased().filter { $0.isLetter }
        switch key {
        case "retire": self = .retire
        case "wipe": self = .wipe
        case "delete": self = .delete
        case "sync": self = .sync
        case "resetpasscode", "removepasscode": self = .resetPasscode
        case "bypassactivationlock", "bypass": self = .bypassActivationLock
        default: return nil
        }
    }

    /// Destructive actions ask for the device's name to be typed before they are sent.
    public var needsTypedName: Bool {
        switch self {
        case .wipe, .delete: true
        case .retire, .sync, .resetPasscode, .bypassActivationLock: false
        }
    }
}

/// R20: the status of an action taken, with the service's wire names.
public enum ActionState: String, Codable, Sendable, CaseIterable {
    case none, pending, canceled, active, done, failed, notSupported

    /// Still waiting for the device.
    public var isOpen: Bool {
        switch self {
        case .pending, .active: true
        case .none, .canceled, .done, .failed, .notSupported: false
        }
    }
}
