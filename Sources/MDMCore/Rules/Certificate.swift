import Foundation

/// R14, R15: the MDM certificate and the cleanup that follows its expiry.
public enum Certificate {
    /// R14: valid one year from enrollment.
    public static func firstExpiry(enrolledAt: Date) -> Date {
        enrolledAt.addingTimeInterval(RuleDurations.certificateValidity)
    }

    /// R14: once expired, the device can no longer check in.
    public static func isExpired(_ device: Device, at now: Date) -> Bool {
        now >= device.certificateExpiresAt
    }

    /// R14: a check-in at `time` renews a certificate that is within its renewal window,
    /// one year at a time; an expired certificate is never renewed.
    public static func renewedExpiry(current expiry: Date, checkInAt time: Date) -> Date {
        guard time < expiry else { return expiry }
        var renewed = expiry
        while renewed.timeIntervalSince(time) <= RuleDurations.certificateRenewalWindow {
            renewed = renewed.addingTimeInterval(RuleDurations.certificateValidity)
        }
        return renewed
    }

    /// R14: the expiry after a device kept checking in on schedule (more often than the
    /// renewal window) until `lastCheckIn`: each window was met, so each year was renewed.
    public static func renewedExpiry(current expiry: Date, checkingInRegularlyUntil lastCheckIn: Date) -> Date {
        var renewed = expiry
        while renewed.timeIntervalSince(lastCheckIn) <= RuleDurations.certificateRenewalWindow {
            renewed = renewed.addingTimeInterval(RuleDurations.certificateValidity)
        }
        return renewed
    }

    /// R15: when the service removes the device: 180 days after the certificate expired.
    public static func cleanupDate(_ device: Device) -> Date {
        device.certificateExpiresAt.addingTimeInterval(RuleDurations.cleanupAfterExpiry)
    }

    /// R15: the cleanup is due.
    public static func isCleanupDue(_ device: Device, at now: Date) -> Bool {
        now >= cleanupDate(device)
    }
}
