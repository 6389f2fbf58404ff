import Foundation

/// R1–R3, R22: the Activation Lock bypass code: who can have one, how long it is valid,
/// when it is shown, and how a typed code is compared.
public enum BypassCode {
    /// R1, R22: the device can use Activation Lock bypass at all: supervised iOS/iPadOS 7.1+
    /// or macOS 10.15+, with a restriction policy allowing Activation Lock.
    public static func ineligibility(_ device: Device) -> (reason: String, remedy: String, rule: RuleID)? {
        switch device.platform {
        case .android, .windows:
            return ("Activation Lock is an Apple feature: \(device.platform.displayName) devices do not have it.",
                    "Nothing to bypass on this device.", .r1)
        case .iOS, .iPadOS:
            if !device.version.isAtLeast("7.1") {
                return ("Activation Lock bypass needs \(device.platform.displayName) 7.1 or later; this device runs \(device.osVersion).",
                        "Update the device to 7.1 or later.", .r22)
            }
        case .macOS:
            if !device.version.isAtLeast("10.15") {
                return ("Activation Lock bypass needs macOS 10.15 or later; this Mac runs \(device.osVersion).",
                        "Update the Mac to macOS 10.15 or later.", .r22)
            }
        }
        if !device.isSupervised {
            return ("The device is not supervised, so the service holds no bypass code for it.",
                    "Enroll it through Automated Device Enrollment (supervised) with a device restriction policy that allows Activation Lock.", .r1)
        }
        if !device.activationLockAllowedByPolicy {
            return ("No device restriction policy allowing Activation Lock is assigned to this device.",
                    "Assign a device restriction policy that allows Activation Lock, then let the device check in.", .r1)
        }
        return nil
    }

    /// R2: when a code issued at `issuedAt` stops being valid.
    public static func expiry(issuedAt: Date) -> Date {
        issuedAt.addingTimeInterval(RuleDurations.bypassCodeValidity)
    }

    /// R2: the code is valid for 15 days after it was issued (strictly before the 15th day ends).
    public static func isValid(_ device: Device, at now: Date) -> Bool {
        guard device.activationLockBypassCode != nil, let issued = device.activationLockBypassCodeIssuedAt else { return false }
        return now < expiry(issuedAt: issued)
    }

    /// R3: the code shown in the hardware overview: only while valid, and only for an
    /// eligible (supervised, with the policy) device.
    public static func visibleCode(_ device: Device, at now: Date) -> String? {
        guard ineligibility(device) == nil, isValid(device, at: now) else { return nil }
        return device.activationLockBypassCode
    }

    /// R3: why the hardware overview shows no code.
    public static func absenceReason(_ device: Device, at now: Date) -> String? {
        if let ineligible = ineligibility(device) { return ineligible.reason }
        guard isValid(device, at: now) else {
            if let issued = device.activationLockBypassCodeIssuedAt {
                return "The bypass code expired on \(DateText.short(expiry(issuedAt: issued))) and was cleared from the service."
            }
            return "The service holds no bypass code for this device (expired and cleared)."
        }
        return nil
    }

    /// R3: the code is not case sensitive and its dashes are optional.
    public static func normalized(_ code: String) -> String {
        String(code.uppercased().filter { $0.isLetter || $0.isNumber })
    }

    /// R3: does the typed text match the device's valid code?
    public static func matches(typed: String, device: Device, at now: Date) -> Bool {
        guard let code = visibleCode(device, at: now) else { return false }
        let typedKey = normalized(typed)
        return !typedKey.isEmpty && typedKey == normalized(code)
    }

    /// The shape Apple's codes have: six groups of five, letters and digits without the
    /// look-alikes (0/O, 1/I).
    public static func generate<R: RandomNumberGenerator>(using random: inout R) -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return (0..<6).map { _ in String((0..<5).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }) }
            .joined(separator: "-")
    }
}
