import Foundation

/// The one place that decides whether an action can be taken. Pure: the same device,
/// role, clock and open actions always give the same answer. Order of the checks: what
/// the device *is* (platform, enrollment, version, policies), then what it is *doing*
/// (state, pending actions, certificate), then what the operator's role allows — so the
/// reason shown is the most fundamental one.
public enum Rules {
    /// Every action of the "… More" menu, enabled or greyed, in menu order.
    /// `grant`: on a connected tenant, what its sign-in may do (PERMISSION); nil on a simulated one.
    /// `usage`: what R26 and R34 count (nil where nothing was counted: a test of other rules).
    public static func availability(for device: Device, role: Role, now: Date,
                                    openActions: [ActionRecord] = [], grant: ServiceGrant? = nil,
                                    usage: ActionUsage? = nil) -> [ActionAvailability] {
        DeviceAction.allCases.map { availability(of: $0, for: device, role: role, now: now, openActions: openActions, grant: grant, usage: usage) }
    }

    public static func availability(of action: DeviceAction, for device: Device, role: Role, now: Date,
                                    openActions: [ActionRecord] = [], grant: ServiceGrant? = nil,
                                    usage: ActionUsage? = nil) -> ActionAvailability {
        // The role first: an operator who may not take an action is told so (and audited as
        // denied) whatever the device's state, so a refusal by role never hides behind a rule.
        if !role.mayTake(action) {
            return .greyed(action, on: device.platform,
                           reason: "Your role, \(role.displayName), lacks \(action.permission.name), which \(action.title(on: device.platform)) needs.",
                           remedy: "Ask an operator whose role holds it to take it, or someone who holds Roles/Assign for a role that does.", rule: .role)
        }
        let open = openActions.filter(\.state.isOpen)
        if let blocked = deviceRule(action, device, now) ?? stateRule(action, device, now, open)
            ?? remoteTaskStateRule(action, device, now, open, usage) ?? dailyLimitRule(action, usage, now) {
            return .greyed(action, on: device.platform, reason: blocked.reason, remedy: blocked.remedy, rule: blocked.rule)
        }
        if let refusal = grant?.refusal(of: action, on: device.platform) {
            return .greyed(action, on: device.platform, reason: refusal.reason, remedy: refusal.remedy, rule: .permission)
        }
        return .enabled(action, on: device.platform, notes: notes(action, device, now, open, usage),
                        predictedOutcome: predictedOutcome(action, device))
    }

    typealias Block = (reason: String, remedy: String?, rule: RuleID)

    // MARK: What the device is

    static func deviceRule(_ action: DeviceAction, _ device: Device, _ now: Date) -> Block? {
        switch action {
        case .bypassActivationLock:
            if let ineligible = BypassCode.ineligibility(device) { return ineligible }
            return bypassCodeExpired(device, now)
        case .wipe:
            return wipeRule(device)
        case .resetPasscode:
            return resetPasscodeRule(device)
        case .retire:
            return retireRule(device)
        case .delete, .sync:
            return nil
        default:
            return remoteTaskRule(action, device)
        }
    }

    /// R24: the service does not retire corporate-owned Android Enterprise devices; it wipes them.
    static func retireRule(_ device: Device) -> Block? {
        guard device.managementType.isAndroidEnterpriseCorporate else { return nil }
        return ("Android Enterprise \(device.managementType.displayName.lowercased()) devices are corporate-owned: the service does not retire them, it only wipes them.",
                "Wipe it (a factory reset); Delete also wipes it (R25).", .r24)
    }

    /// R1: greyed when the bypass code has expired and was cleared from the service.
    static func bypassCodeExpired(_ device: Device, _ now: Date) -> Block? {
        guard !BypassCode.isValid(device, at: now) else { return nil }
        return (BypassCode.absenceReason(device, at: now) ?? "The bypass code expired and was cleared from the service.",
                "The console cannot get a new code: the owner's Apple Account, or Apple Support with proof of purchase, can remove the lock.",
                .r1)
    }

    /// R4 (work profile) and R21 (Apple User Enrollment): wipe is not possible.
    static func wipeRule(_ device: Device) -> Block? {
        switch device.managementType {
        case .androidWorkProfile:
            return ("Google does not allow an MDM to factory-reset an Android Enterprise work profile device.",
                    "Retire it: that removes the work profile and its data.", .r4)
        case .appleUserEnrollment:
            return ("User Enrollment devices are personal: the service manages only their work partition and cannot wipe them.",
                    "Retire it: that removes the managed account, apps and data.", .r21)
        case .androidDeviceAdministrator, .androidFullyManaged, .androidDedicated, .androidCorporateWorkProfile,
             .appleDeviceEnrollment, .appleAutomatedEnrollment, .windowsMDM:
            return nil
        }
    }

    /// R5, R6, R8, R21: where Reset/Remove passcode is supported.
    static func resetPasscodeRule(_ device: Device) -> Block? {
        switch device.managementType {
        case .androidDeviceAdministrator:
            guard device.version.isAtLeast("7.0") else { return nil }
            return ("Google removed passcode reset from the device administrator API on Android 7.0 and later (against ransomware); this device runs \(device.osVersion).",
                    "Have the user reset it on the device or through their Google account, or move the device to Android Enterprise (fully managed or work profile).", .r5)
        case .androidWorkProfile, .androidCorporateWorkProfile:
            guard !device.version.isAtLeast("8.0") else { return nil }
            return ("Work profile passcode reset needs Android 8.0 or later; this device runs \(device.osVersion).",
                    "Update the device to Android 8.0 or later.", .r6)
        case .androidFullyManaged, .androidDedicated:
            return nil
        case .appleUserEnrollment:
            if device.platform == .macOS { return macOSPasscode() }
            return ("User Enrollment devices are personal: the service cannot remove their passcode.",
                    "The user resets it on the device; retire it if they have lost access.", .r21)
        case .appleDeviceEnrollment, .appleAutomatedEnrollment:
            return device.platform == .macOS ? macOSPasscode() : nil
        case .windowsMDM:
            return ("Reset passcode is not supported on Windows.",
                    "Use Windows Hello PIN reset or the user's account password reset instead.", .r8)
        }
    }

    static func macOSPasscode() -> Block {
        ("Reset passcode is not supported on macOS.",
         "Use Remote lock with a PIN, or have the user reset their password.", .r8)
    }

    // MARK: What the device is doing

    static func stateRule(_ action: DeviceAction, _ device: Device, _ now: Date, _ openActions: [ActionRecord]) -> Block? {
        switch action {
        case .delete:
            // R17: deleting the record is always possible, whatever the device is doing.
            return nil
        case .bypassActivationLock:
            // R2: the code is used after the wipe, so a wiped device still needs it.
            return nil
        default:
            break
        }
        switch device.managementState {
        case .retired, .wiped:
            let what = device.managementState == .retired ? "retired" : "wiped"
            return ("The device was \(what): it no longer checks in.", "Delete the record (R17).", .r13)
        case .retirePending, .retireIssued:
            if action == .retire || action == .wipe {
                return ("A retire is already pending; it completes when the device checks in.",
                        pendingRemedy(device), .r13)
            }
        case .wipePending, .wipeIssued:
            if action == .retire || action == .wipe {
                return ("A wipe is already pending; it completes when the device checks in.",
                        pendingRemedy(device), .r13)
            }
        case .managed, .retireFailed, .wipeFailed, .unhealthy, .deletePending, .wipeCanceled,
             .retireCanceled, .discovered:
            break
        }
        if Certificate.isExpired(device, at: now) {
            return ("The MDM certificate expired on \(DateText.short(device.certificateExpiresAt)): the device can no longer check in.",
                    "Re-enroll the device, or delete the record; the service removes it on \(DateText.day(Certificate.cleanupDate(device))) (R15).",
                    .r14)
        }
        if action == .resetPasscode, let open = openActions.first(where: { $0.action == .resetPasscode && $0.state.isOpen }) {
            return ("A \(open.action.title(on: device.platform)) sent \(DateText.short(open.issuedAt)) is still \(open.state.rawValue).",
                    "Wait for the device to check in.", .r20)
        }
        return precedenceRule(action, device, openActions)
    }

    static func pendingRemedy(_ device: Device) -> String {
        !device.isKnownOffline
            ? "Wait for the next check-in, or Sync to ask for one now."
            : "The device is offline: it stays pending until it checks in, at the latest until its certificate expires on \(DateText.day(device.certificateExpiresAt)) (R13)."
    }

    // MARK: What the operator should know before taking it

    static func notes(_ action: DeviceAction, _ device: Device, _ now: Date, _ openActions: [ActionRecord], _ usage: ActionUsage?) -> [RuleNote] {
        var notes: [RuleNote] = []
        let offline = device.presenceKnown
            ? RuleNote(.r13, "The device is offline: this stays pending until it checks in, at the latest until its MDM certificate expires on \(DateText.day(device.certificateExpiresAt)).")
            : RuleNote(.r13, "The service does not say whether the device is reachable (its last check-in: \(DateText.short(device.lastCheckInAt)) UTC): this stays pending until it checks in.")
        switch action {
        case .retire:
            let managed = device.apps.filter(\.isManaged).count
            let kept = device.apps.count - managed
            notes.append(RuleNote(.r10, "Removes company data and the \(managed) managed app\(managed == 1 ? "" : "s") only."))
            notes.append(RuleNote(.r11, "The \(kept) app\(kept == 1 ? "" : "s") the user installed themselves stay\(kept == 1 ? "s" : "")."))
            notes.append(RuleNote(.r12, "Retire does not revoke access tokens: the user can sign back in to Office apps. Revoke their sessions and block access with conditional access."))
            if !device.isOnline { notes.append(offline) }
        case .wipe:
            if BypassCode.visibleCode(device, at: now) != nil {
                notes.append(RuleNote(.r2, "Copy the Activation Lock bypass code before wiping: it is needed on the Activation Lock screen afterwards."))
            }
            notes.append(RuleNote(.r16, "Devices do not always report before the reset starts: the wipe may show pending indefinitely. Once you confirm it worked, delete the record."))
            if !device.isOnline { notes.append(offline) }
        case .delete:
            notes.append(RuleNote(.r17, "Removes the device record from the service."))
            notes.append(deleteSends(device) == .wipe
                ? RuleNote(.r25, "The service hides it at once and sends it a factory wipe: Android Enterprise corporate-owned devices are wiped, not retired.")
                : RuleNote(.r25, "The service hides it at once and sends it a retire: company data and managed apps are removed at its next check-in."))
            if let wipe = openActions.first(where: { $0.action == .wipe && $0.state.isOpen }),
               now.timeIntervalSince(wipe.issuedAt) >= RuleDurations.wipePendingLong {
                notes.append(RuleNote(.r16, "The wipe has been pending for \(DateText.span(now.timeIntervalSince(wipe.issuedAt))): once you have confirmed it worked, delete this device."))
            }
        case .sync:
            notes.append(RuleNote(.r20, !device.presenceKnown
                ? "Asks the device to check in now (the service does not say whether it is reachable; last check-in \(DateText.short(device.lastCheckInAt)) UTC)."
                : device.isOnline ? "Asks the device to check in now." : "The device is offline: the sync waits until it checks in."))
        case .resetPasscode:
            notes.append(contentsOf: resetNotes(device))
            if !device.isOnline { notes.append(offline) }
        case .bypassActivationLock:
            notes.append(RuleNote(.r2, "Nothing happens on the device: the service asks Apple for a fresh code, valid 15 days. Copy it before wiping, then type it on the Activation Lock screen after the wipe."))
        default:
            notes.append(contentsOf: remoteTaskNotes(action, device, usage))
            if !device.isOnline, action != .sendCustomNotification { notes.append(offline) }
        }
        return notes
    }

    static func resetNotes(_ device: Device) -> [RuleNote] {
        let temporary = RuleNote(.r23, "The new temporary passcode is shown to you for 7 days.")
        switch device.managementType {
        case .androidDeviceAdministrator:
            return [RuleNote(.r5, "Supported on device administrator up to Android 6.x."), temporary]
        case .androidWorkProfile, .androidCorporateWorkProfile:
            var notes = [RuleNote(.r6, "Resets the work profile passcode only, never the whole device.")]
            if let missing = ResetTokenDiagnosis.explanation(device) {
                notes.append(RuleNote(.r7, missing + (ResetTokenDiagnosis.remedy(device).map { " To fix: \($0)" } ?? "")))
            } else {
                notes.append(temporary)
            }
            return notes
        case .androidFullyManaged:
            return [RuleNote(.r23, "Supported on fully managed devices. The new temporary passcode is shown to you for 7 days.")]
        case .androidDedicated:
            return [RuleNote(.r8, "Supported on dedicated (kiosk) devices."), temporary]
        case .appleDeviceEnrollment, .appleAutomatedEnrollment, .appleUserEnrollment:
            var notes = [RuleNote(.r9, "The passcode is removed from the device.")]
            if device.passcodeRequiredByCompliance {
                notes.append(RuleNote(.r9, "A compliance policy requires a passcode, so the device will then ask the user to set a new one: expected, not an error."))
            }
            return notes
        case .windowsMDM:
            return []
        }
    }


    /// R7: a work profile reset without an active token is expected to end Not supported.
    static func predictedOutcome(_ action: DeviceAction, _ device: Device) -> ActionState? {
        guard action == .resetPasscode, device.managementType == .androidWorkProfile,
              !ResetTokenDiagnosis.isTokenActive(device) else { return nil }
        return .notSupported
    }
}
