/// A remote action of the "… More" menu. Every action is always listed (greyed when it
/// cannot be taken); `allCases` is the menu's order: the six the console first had, then the
/// help desk's everyday ones in the portal's order.
public enum DeviceAction: String, Codable, Sendable, CaseIterable {
    case retire
    case wipe
    case delete
    case sync
    case resetPasscode = "reset-passcode"
    case bypassActivationLock = "bypass-activation-lock"
    case remoteLock = "remote-lock"
    case restart
    case shutDown = "shut-down"
    case enableLostMode = "enable-lost-mode"
    case disableLostMode = "disable-lost-mode"
    case locateDevice = "locate"
    case playLostModeSound = "play-lost-mode-sound"
    case rename
    case sendCustomNotification = "send-notification"
    case collectDiagnostics = "collect-diagnostics"

    /// The menu title, in the portal's words; Reset passcode is Remove passcode on iOS/iPadOS.
    public func title(on platform: Platform) -> String {
        switch self {
        case .retire: "Retire"
        case .wipe: "Wipe"
        case .delete: "Delete"
        case .sync: "Sync"
        case .resetPasscode: platform.isAppleMobile ? "Remove passcode" : "Reset passcode"
        case .bypassActivationLock: "Bypass Activation Lock"
        case .remoteLock: "Remote lock"
        case .restart: "Restart"
        case .shutDown: "Shut down"
        case .enableLostMode: "Enable Lost Mode"
        case .disableLostMode: "Disable Lost Mode"
        case .locateDevice: "Locate device"
        case .playLostModeSound: "Play Lost Mode sound"
        case .rename: "Rename device"
        case .sendCustomNotification: "Send custom notification"
        case .collectDiagnostics: "Collect diagnostics"
        }
    }

    /// The audit log's activity, as the service writes it (the Graph action's name).
    public var auditActivity: String {
        switch self {
        case .delete: "Delete ManagedDevice"
        default: "\(graphActionName) ManagedDevice"
        }
    }

    /// Parses the command-line names and their aliases, ignoring case, dashes and camelCase.
    public init?(commandName: String) {
        let key = commandName.lowercased().filter { $0.isLetter }
        let aliases: [String: DeviceAction] = [
            "removepasscode": .resetPasscode, "bypass": .bypassActivationLock, "lock": .remoteLock,
            "reboot": .restart, "rebootnow": .restart, "shutdown": .shutDown, "lostmode": .enableLostMode,
            "locatedevice": .locateDevice, "playsound": .playLostModeSound, "setdevicename": .rename,
            "renamedevice": .rename, "notify": .sendCustomNotification, "sendcustomnotification": .sendCustomNotification,
            "diagnostics": .collectDiagnostics,
        ]
        if let action = Self.allCases.first(where: { $0.rawValue.filter(\.isLetter) == key }) ?? aliases[key] {
            self = action
        } else {
            return nil
        }
    }

    /// Destructive actions ask for the device's name to be typed before they are sent.
    public var needsTypedName: Bool {
        switch self {
        case .wipe, .delete: true
        default: false
        }
    }

    /// G1 (R36): the actions that win over every other pending one at the next check-in.
    public var endsManagement: Bool {
        switch self {
        case .retire, .wipe, .delete: true
        default: false
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

extension DeviceAction {
    /// The service's bulk device actions (Devices > Bulk device actions): the rest are taken
    /// one device at a time there, and so here.
    public var isBulkAction: Bool {
        switch self {
        case .retire, .wipe, .delete, .sync, .restart, .rename, .sendCustomNotification, .collectDiagnostics: true
        case .resetPasscode, .bypassActivationLock, .remoteLock, .shutDown, .enableLostMode, .disableLostMode,
             .locateDevice, .playLostModeSound: false
        }
    }

    /// The most devices one bulk run of it may take, where the service sets a smaller limit
    /// than `bulk.max` (diagnostics: 25 devices).
    public var bulkDeviceLimit: Int? { self == .collectDiagnostics ? 25 : nil }

    public static var bulkActions: [DeviceAction] { allCases.filter(\.isBulkAction) }
}
