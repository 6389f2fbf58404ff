import Foundation

/// One input an action takes: its name (Graph's body member where Graph has it), how it is
/// asked for, and what it may hold. The console's confirmation, `run`'s flags and `serve`'s
/// body checks are all built from this table, so they ask for and refuse the same things.
public struct ActionInputField: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// true/false.
        case flag
        /// Free text of at most `maxLength` characters.
        case text(maxLength: Int)
        /// Exactly `count` ASCII digits.
        case digits(count: Int)
        /// A whole number of minutes in the range.
        case minutes(ClosedRange<Int>)
        /// R33: a device name, by the platform's rules.
        case deviceName
        /// R30: a phone number: digits, spaces, `+ - ( ) .`.
        case phoneNumber
    }

    public let name: String
    /// How the console and the errors call it ("Message", "New name").
    public let label: String
    /// The command-line flag (`--message`).
    public let flag: String
    public let kind: Kind
    public let required: Bool
    /// Recorded as "(set)" in the audit log and the action's record, never in clear.
    public let secret: Bool
    /// False for the console's own inputs that no Graph body carries (a rename's restart).
    public let onWire: Bool

    init(_ name: String, _ label: String, flag: String, _ kind: Kind, required: Bool = false, secret: Bool = false, onWire: Bool = true) {
        self.name = name
        self.label = label
        self.flag = flag
        self.kind = kind
        self.required = required
        self.secret = secret
        self.onWire = onWire
    }
}

extension DeviceAction {
    /// The inputs the action takes on this platform, in the order they are asked for.
    public func inputFields(on platform: Platform) -> [ActionInputField] {
        switch self {
        case .wipe:
            var fields = [ActionInputField("keepEnrollmentData", "Keep enrollment data", flag: "keep-enrollment-data", .flag),
                          ActionInputField("keepUserData", "Keep user data", flag: "keep-user-data", .flag),
                          ActionInputField("persistEsimDataPlan", "Keep the eSIM data plan", flag: "keep-esim", .flag)]
            if platform == .macOS {
                fields.append(ActionInputField("macOsUnlockCode", "Unlock code (6 digits)", flag: "macos-unlock-code", .digits(count: 6), secret: true))
            }
            return fields
        case .remoteLock:
            // R29: the PIN a locked Mac asks for; Graph's request has no body (the service picks it),
            // so it is only an input on the simulated tenant.
            guard platform == .macOS else { return [] }
            return [ActionInputField("unlockPin", "Unlock PIN (6 digits, blank: one is made)", flag: "pin", .digits(count: 6), secret: true, onWire: false)]
        case .enableLostMode:
            return [ActionInputField("message", "Lock screen message", flag: "message", .text(maxLength: ActionInputRules.lostModeMessageLimit), required: true),
                    ActionInputField("phoneNumber", "Phone number", flag: "phone", .phoneNumber),
                    ActionInputField("footer", "Footer", flag: "footer", .text(maxLength: ActionInputRules.lostModeFooterLimit))]
        case .playLostModeSound:
            return [ActionInputField("durationInMinutes", "Duration in minutes (blank: until stopped)", flag: "duration", .minutes(1...60))]
        case .rename:
            var fields = [ActionInputField("deviceName", "New name", flag: "name", .deviceName, required: true)]
            if platform == .windows {
                fields.append(ActionInputField("restartAfterRename", "Restart after rename", flag: "restart-after-rename", .flag, onWire: false))
            }
            return fields
        case .sendCustomNotification:
            return [ActionInputField("notificationTitle", "Title", flag: "title", .text(maxLength: 50), required: true),
                    ActionInputField("notificationBody", "Body", flag: "body", .text(maxLength: 500), required: true)]
        case .retire, .delete, .sync, .resetPasscode, .bypassActivationLock, .restart, .shutDown, .disableLostMode,
             .locateDevice, .collectDiagnostics:
            return []
        }
    }
}

/// What is wrong with one input: which one (by its name; `field` nil when the action has no
/// such input) and why. Each door names it its own way (`--message`, `Property 'message'`,
/// "Lock screen message") and says the same words after it.
public struct ActionInputProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var field: ActionInputField?
    public var text: String

    public var description: String { "\(field?.label ?? name): \(text)" }
}

/// What an action's inputs may say, checked the same by every door and once more by the
/// action path itself.
public enum ActionInputRules {
    /// The service documents no limit for Lost Mode's texts; these are the console's, to fit a
    /// lock screen.
    public static let lostModeMessageLimit = 160
    public static let lostModeFooterLimit = 80
    /// R33: Windows' NetBIOS-era name limit; other platforms get the same, the console's own.
    public static let deviceNameLimit = 63

    /// The first problem with `input` for `action` on `device`, or nil when it may be sent.
    public static func problem(_ input: [String: String], action: DeviceAction, device: Device) -> ActionInputProblem? {
        problem(input, action: action, platform: device.platform)
    }

    public static func problem(_ input: [String: String], action: DeviceAction, platform: Platform) -> ActionInputProblem? {
        let fields = action.inputFields(on: platform)
        for name in input.keys.sorted() where !fields.contains(where: { $0.name == name }) {
            let elsewhere = Platform.allCases.contains { action.inputFields(on: $0).contains { $0.name == name } }
            return ActionInputProblem(name: name, field: nil, text: elsewhere
                ? "\(action.title(on: platform)) takes it on other platforms, not on \(platform.displayName)"
                : "\(action.title(on: platform)) takes no such input")
        }
        for field in fields {
            let value = input[field.name] ?? ""
            if value.isEmpty {
                if field.required { return ActionInputProblem(name: field.name, field: field, text: "is required") }
                continue
            }
            if let problem = problem(value, field, platform) { return ActionInputProblem(name: field.name, field: field, text: problem) }
        }
        return nil
    }

    /// Every input the action takes on some platform, by name: what a request body may hold.
    public static func anyPlatformFields(of action: DeviceAction) -> [String: ActionInputField] {
        var fields: [String: ActionInputField] = [:]
        for platform in Platform.allCases {
            for field in action.inputFields(on: platform) { fields[field.name] = field }
        }
        return fields
    }

    static func problem(_ value: String, _ field: ActionInputField, _ platform: Platform) -> String? {
        if let problem = InputText.problem(in: value) { return problem }
        switch field.kind {
        case .flag:
            return value == "true" || value == "false" ? nil : "is true or false"
        case .text(let maxLength):
            if value.trimmingCharacters(in: .whitespaces).isEmpty { return "is only spaces" }
            return value.count > maxLength ? "is \(value.count) characters; at most \(maxLength)" : nil
        case .digits(let count):
            return value.count == count && value.allSatisfy({ $0.isASCII && $0.isNumber }) ? nil : "is \(count) digits"
        case .minutes(let range):
            guard let minutes = Int(value), range.contains(minutes) else { return "is a whole number of minutes, \(range.lowerBound) to \(range.upperBound)" }
            return nil
        case .phoneNumber:
            let allowed = Set("0123456789 +-().")
            guard value.count <= 32, value.allSatisfy(allowed.contains), value.contains(where: \.isNumber) else {
                return "is a phone number: digits, spaces and + - ( ) ., at most 32 characters"
            }
            return nil
        case .deviceName:
            return deviceNameProblem(value, on: platform)
        }
    }

    /// R33: Windows: at most 63 characters, no spaces, not only digits, letters, digits and
    /// hyphens (non-ASCII letters allowed, as the service maps them); Apple: letters, digits
    /// and hyphens with at least one letter or hyphen; Android: letters, digits and hyphens.
    public static func deviceNameProblem(_ name: String, on platform: Platform) -> String? {
        if name.count > deviceNameLimit { return "is \(name.count) characters; at most \(deviceNameLimit)" }
        if let space = name.firstIndex(where: \.isWhitespace) {
            return "has a space at character \(name.distance(from: name.startIndex, to: space) + 1); device names have none"
        }
        for (offset, character) in name.enumerated() {
            let fine = character == "-" || (character.isASCII ? character.isLetter || character.isNumber
                                                              : platform == .windows && (character.isLetter || character.isNumber))
            if !fine {
                return "has \"\(TerminalText.visible(String(character)))\" at character \(offset + 1); a \(platform.displayName) device name holds letters, digits and hyphens only"
            }
        }
        switch platform {
        case .windows:
            if name.allSatisfy(\.isNumber) { return "is only digits; Windows needs at least one letter or hyphen" }
        case .iOS, .iPadOS, .macOS:
            if !name.contains(where: { $0.isLetter || $0 == "-" }) { return "needs at least one letter or hyphen" }
        case .android:
            break
        }
        return nil
    }

    /// The input as the audit log and the action's record keep it: secrets as "(set)".
    public static func recorded(_ input: [String: String], action: DeviceAction, platform: Platform) -> [String: String] {
        let secrets = Set(action.inputFields(on: platform).filter(\.secret).map(\.name))
        return input.filter { !$0.value.isEmpty }.reduce(into: [:]) { kept, pair in
            kept[pair.key] = secrets.contains(pair.key) ? "(set)" : pair.value
        }
    }
}
