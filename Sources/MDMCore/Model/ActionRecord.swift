import Foundation

/// Where an action came from. R19: a user's own retire/wipe from the Company Portal is not
/// in the admin audit log.
public enum ActionSource: String, Codable, Sendable, CaseIterable {
    case console
    case companyPortal
    case service
}

/// R20: one action taken on a device and its status, followed in "Device actions".
public struct ActionRecord: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var action: DeviceAction
    public var deviceId: String
    /// The device's name when the action was taken, kept after the device is deleted.
    public var deviceName: String
    public var platform: Platform
    public var state: ActionState
    public var issuedAt: Date
    public var updatedAt: Date
    /// The user principal name of whoever started it.
    public var initiatedBy: String
    public var source: ActionSource
    /// What happened, in a sentence (why it failed, what the device will do next, …).
    public var detail: String
    /// R23: the temporary passcode of an Android reset, shown to the operator for 7 days; R29:
    /// the unlock PIN of a Mac's remote lock, shown 30 days or until another action.
    public var temporaryPasscode: String?
    public var temporaryPasscodeExpiresAt: Date?
    /// What it was sent with, by Graph's body names (a rename's `deviceName`, a notification's
    /// title and body, a lost-mode message); never a secret, which is recorded as "(set)".
    public var input: [String: String] = [:]

    public init(
        id: String, action: DeviceAction, deviceId: String, deviceName: String, platform: Platform,
        state: ActionState, issuedAt: Date, updatedAt: Date, initiatedBy: String,
        source: ActionSource, detail: String = "", temporaryPasscode: String? = nil,
        temporaryPasscodeExpiresAt: Date? = nil, input: [String: String] = [:]
    ) {
        self.id = id
        self.action = action
        self.deviceId = deviceId
        self.deviceName = deviceName
        self.platform = platform
        self.state = state
        self.issuedAt = issuedAt
        self.updatedAt = updatedAt
        self.initiatedBy = initiatedBy
        self.source = source
        self.detail = detail
        self.temporaryPasscode = temporaryPasscode
        self.temporaryPasscodeExpiresAt = temporaryPasscodeExpiresAt
        self.input = input
    }

    /// Who started it, for "by …": the service names no one for what it reports itself.
    public var initiatorText: String {
        initiatedBy.isEmpty ? (source == .service ? "the service" : "(no one named)") : initiatedBy
    }

    /// R23: the temporary passcode while it may still be shown.
    public func visibleTemporaryPasscode(at now: Date) -> String? {
        guard let code = temporaryPasscode, let until = temporaryPasscodeExpiresAt, now < until else { return nil }
        return code
    }
}
