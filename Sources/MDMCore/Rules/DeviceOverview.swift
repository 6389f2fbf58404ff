import Foundation

/// Everything the device overview shows, computed once from one snapshot: the "… More"
/// menu, the hardware overview's bypass code (R3), the certificate and cleanup dates
/// (R14, R15), this device's actions with the R16 and R19 explanations.
public struct DeviceOverview: Sendable, Equatable {
    public let device: Device
    public let now: Date
    public let role: Role
    public let actions: [ActionRecord]
    /// Retires and wipes with no audit entry (R19).
    public let unauditedActionIds: Set<String>
    public let availability: [ActionAvailability]

    public init(device: Device, now: Date, role: Role, actions: [ActionRecord], unauditedActionIds: Set<String>, grant: ServiceGrant? = nil,
                usage: ActionUsage? = nil) {
        self.device = device
        self.now = now
        self.role = role
        self.actions = actions
        self.unauditedActionIds = unauditedActionIds
        availability = Rules.availability(for: device, role: role, now: now, openActions: actions.filter { $0.state.isOpen }, grant: grant,
                                          usage: usage)
    }

    /// R29: the unlock PIN of the Mac's latest remote lock, while it may be shown.
    public var unlockPin: (code: String, until: Date)? {
        for record in actions where record.action == .remoteLock {
            if let code = record.visibleTemporaryPasscode(at: now), let until = record.temporaryPasscodeExpiresAt { return (code, until) }
        }
        return nil
    }

    /// R30, R32, R35: what Lost Mode, Locate and Collect diagnostics left on the device, as
    /// label and value, in the order the overview and `device` show them.
    public var remoteTaskFindings: [(label: String, value: String, rule: RuleID)] {
        var findings: [(label: String, value: String, rule: RuleID)] = []
        if let lost = device.lostMode {
            var value = "on since \(DateText.short(lost.since)): \"\(lost.message)\""
            if let phone = lost.phoneNumber { value += ", call \(phone)" }
            if let footer = lost.footer { value += " (\(footer))" }
            findings.append(("Lost Mode", value, .r30))
        }
        if let location = device.visibleLocation(at: now) {
            findings.append(("Location", "\(location.text) at \(DateText.short(location.collectedAt)), shown until \(DateText.short(location.collectedAt.addingTimeInterval(RuleDurations.locationKept)))", .r32))
        }
        if let pin = unlockPin {
            findings.append(("Unlock PIN", "\(pin.code)  (shown until \(DateText.short(pin.until)) or another action)", .r29))
        }
        let uploads = device.keptDiagnostics(at: now)
        if let latest = uploads.last {
            findings.append(("Diagnostics", "\(uploads.count) upload\(uploads.count == 1 ? "" : "s") kept; latest \(DateText.short(latest.uploadedAt)), \(Int(latest.sizeInKB)) KB, kept until \(DateText.day(latest.uploadedAt.addingTimeInterval(RuleDurations.diagnosticsRetention)))", .r35))
        }
        return findings
    }

    /// R1, R22: the hardware overview has an Activation Lock line on Apple devices only.
    public var hasActivationLockLine: Bool {
        switch device.platform {
        case .iOS, .iPadOS, .macOS: true
        case .windows, .android: false
        }
    }

    /// R3: the code, only while valid and for an eligible device, and only to a role that may
    /// read one (`BypassCodeReads`).
    public var bypassCode: String? { BypassCodeReads.mayRead(role) ? BypassCode.visibleCode(device, at: now) : nil }

    public var bypassCodeExpiresAt: Date? {
        guard bypassCode != nil, let issued = device.activationLockBypassCodeIssuedAt else { return nil }
        return BypassCode.expiry(issuedAt: issued)
    }

    /// R3: why no code is shown (nil when one is).
    public var bypassCodeAbsence: String? {
        guard bypassCode == nil else { return nil }
        if !BypassCodeReads.mayRead(role), BypassCode.visibleCode(device, at: now) != nil { return BypassCodeReads.refusal(role) }
        return BypassCode.absenceReason(device, at: now)
    }

    public var certificateExpired: Bool { Certificate.isExpired(device, at: now) }
    public var cleanupDate: Date { Certificate.cleanupDate(device) }

    /// R19: the explanation shown for a retire/wipe that has no audit entry.
    public func explanation(for record: ActionRecord) -> String? {
        guard unauditedActionIds.contains(record.id) else { return nil }
        return Explanations.noAuditEntry(record)
    }

    /// R16: a wipe pending for long, with the suggestion to delete the device.
    public var wipePendingLong: String? {
        guard let wipe = actions.first(where: { $0.action == .wipe && $0.state.isOpen }) else { return nil }
        let pendingFor = now.timeIntervalSince(wipe.issuedAt)
        guard pendingFor >= RuleDurations.wipePendingLong else { return nil }
        return Explanations.wipePendingLong(pendingFor)
    }

    /// R23: the temporary passcode of the latest Android reset, while it may be shown.
    public var temporaryPasscode: (code: String, until: Date)? {
        for record in actions where record.action == .resetPasscode {
            if let code = record.visibleTemporaryPasscode(at: now), let until = record.temporaryPasscodeExpiresAt {
                return (code, until)
            }
        }
        return nil
    }
}

/// Sentences the rules put on screen, written once so the console and the command line agree.
public enum Explanations {
    /// R19.
    public static func noAuditEntry(_ record: ActionRecord) -> String {
        "No audit entry for this \(record.action.title(on: record.platform).lowercased()): it was most likely started by the device's own user from the Company Portal app or web site."
    }

    /// R16.
    public static func wipePendingLong(_ interval: TimeInterval) -> String {
        "The wipe has been pending for \(DateText.span(interval)). Devices do not always report before the reset starts: once you have confirmed the wipe worked, delete the device."
    }
}
