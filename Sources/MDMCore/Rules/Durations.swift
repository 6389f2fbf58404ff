import Foundation

/// The time spans the rules are written in, in one place.
public enum RuleDurations {
    public static let minute: TimeInterval = 60
    public static let hour: TimeInterval = 3_600
    public static let day: TimeInterval = 86_400
    /// R2: a bypass code is valid 15 days.
    public static let bypassCodeValidity: TimeInterval = 15 * day
    /// R14: the MDM certificate is valid one year (365 days).
    public static let certificateValidity: TimeInterval = 365 * day
    /// R14: a check-in within this span before expiry renews the certificate for a year.
    public static let certificateRenewalWindow: TimeInterval = 30 * day
    /// R15: a device is removed this long after its certificate expired.
    public static let cleanupAfterExpiry: TimeInterval = 180 * day
    /// R16: a wipe pending this long gets the "delete it once confirmed" suggestion.
    public static let wipePendingLong: TimeInterval = 7 * day
    /// R23: the temporary Android passcode is shown to the operator for 7 days.
    public static let temporaryPasscodeVisibility: TimeInterval = 7 * day
    /// R29: a Mac's remote-lock PIN is shown this long (or until another action).
    public static let unlockPinVisibility: TimeInterval = 30 * day
    /// R32: a located position is kept (and shown) this long.
    public static let locationKept: TimeInterval = day
    /// R35: diagnostics uploads are kept this long, at most `diagnosticsKept` a device.
    public static let diagnosticsRetention: TimeInterval = 28 * day
    public static let diagnosticsKept = 10
    /// R35: a collection the device has not received within this span fails.
    public static let diagnosticsDeadline: TimeInterval = day
    /// R34: at most `notificationsPerHour` custom notifications a device in any hour.
    public static let notificationsPerHour = 10
    /// Simulation: an online device checks in every 8 hours, as the service schedules it.
    public static let checkInInterval: TimeInterval = 8 * hour
}
