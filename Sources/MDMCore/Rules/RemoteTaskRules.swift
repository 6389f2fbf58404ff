import Foundation

/// R27–R35: where the help desk's everyday remote tasks apply (what the device *is*), and
/// what they need of the device's state (Lost Mode for Locate and the sound on an iPhone).
/// Platforms and prerequisites as the service's action pages give them (docs/RULES.md).
extension Rules {
    static func remoteTaskRule(_ action: DeviceAction, _ device: Device) -> Block? {
        let type = device.managementType
        let appleMobile = device.platform.isAppleMobile
        switch action {
        case .restart:
            if appleMobile, !device.isSupervised { return unsupervised("Restart", .r27, instead: "Ask the user to restart it.") }
            if device.platform == .android, type != .androidFullyManaged, type != .androidDedicated {
                return ("Restart is supported on fully managed and dedicated Android Enterprise devices only; this one is \(type.displayName.lowercased()).",
                        "Ask the user to restart it.", .r27)
            }
        case .shutDown:
            if appleMobile, !device.isSupervised { return unsupervised("Shut down", .r28, instead: "Ask the user to shut it down.") }
            if !appleMobile, device.platform != .macOS {
                return ("Shut down is for supervised iOS/iPadOS devices and Macs only.", "Use Restart.", .r28)
            }
        case .remoteLock:
            if device.platform == .windows {
                return ("Windows devices cannot be locked remotely: the service does not offer it, by design.",
                        "Restart it, or wipe it if it is lost for good.", .r29)
            }
            if device.platform == .android, !type.isAndroidEnterpriseCorporate {
                return ("Remote lock is for corporate-owned Android Enterprise devices (fully managed, dedicated, corporate work profile); this one is \(type.displayName.lowercased()).",
                        type == .androidWorkProfile ? "Reset the work profile passcode, or retire it." : "Move the device to Android Enterprise, or retire it.", .r29)
            }
        case .enableLostMode:
            if !appleMobile {
                return ("Lost Mode is for supervised iOS/iPadOS devices only.",
                        device.platform == .windows ? "Locate it, or wipe it as a last resort." : "Remote lock it, or wipe it as a last resort.", .r30)
            }
            if !device.isSupervised { return unsupervised("Lost Mode", .r30, instead: "Remote lock it; wipe it as a last resort.") }
            if device.ownership == .personal {
                return ("Lost Mode is for corporate-owned devices; this one is personal.", "Remote lock it; wipe it as a last resort.", .r30)
            }
        case .disableLostMode:
            if device.lostMode == nil {
                return ("The device is not in Lost Mode.", nil, .r30)
            }
        case .playLostModeSound:
            if appleMobile {
                if !device.isSupervised { return unsupervised("Play Lost Mode sound", .r31, instead: "Enable Lost Mode needs supervision too; remote lock it.") }
                if device.lostMode == nil {
                    return ("An iPhone or iPad plays the sound only in Lost Mode.", "Enable Lost Mode first.", .r31)
                }
            } else if device.platform != .android || !type.isAndroidEnterpriseCorporate {
                return ("Play Lost Mode sound is for supervised iOS/iPadOS devices in Lost Mode and corporate-owned Android Enterprise devices.",
                        device.platform == .windows ? "Locate it instead." : nil, .r31)
            }
        case .locateDevice:
            if appleMobile {
                if !device.isSupervised { return unsupervised("Locate device", .r32, instead: "Ask the user to use Find My.") }
                if device.lostMode == nil {
                    return ("An iPhone or iPad can be located only in Lost Mode (Apple's rule).", "Enable Lost Mode first.", .r32)
                }
            } else if device.platform == .macOS {
                return ("Macs cannot be located through the service.", "Ask the user to use Find My.", .r32)
            } else if device.platform == .android, !type.isAndroidEnterpriseCorporate {
                return ("Locate device is for corporate-owned Android Enterprise devices; this one is \(type.displayName.lowercased()).",
                        "Ask the user to use Google's Find My Device.", .r32)
            }
        case .rename:
            if device.ownership != .company {
                return ("Only corporate-owned devices can be renamed; this one is \(device.ownership.displayName.lowercased()).",
                        device.ownership == .unknown ? "Set its ownership to Corporate in the portal first." : "The user renames it on the device.", .r33)
            }
            if appleMobile, !device.isSupervised { return unsupervised("Rename device", .r33, instead: "The user renames it in Settings.") }
            if device.platform == .android, !type.isAndroidEnterpriseCorporate {
                return ("Rename is for Android Enterprise corporate-owned devices; this one is \(type.displayName.lowercased()).", nil, .r33)
            }
        case .sendCustomNotification:
            let supported = appleMobile || type == .androidWorkProfile
            if !supported {
                return ("Custom notifications reach iOS/iPadOS devices and personally owned Android work profiles only, through the Company Portal app.",
                        device.platform == .windows || device.platform == .macOS ? "Email or message the user instead." : nil, .r34)
            }
        case .collectDiagnostics:
            if device.platform != .windows {
                return ("Collect diagnostics is for Windows devices.",
                        appleMobile || device.platform == .android
                            ? "Collect app logs through the app protection Troubleshooting pane instead." : nil, .r35)
            }
            if device.ownership != .company {
                return ("Diagnostics are collected from corporate-owned devices only; this one is \(device.ownership.displayName.lowercased()).",
                        "Ask the user to send logs from the Company Portal app.", .r35)
            }
        case .retire, .wipe, .delete, .sync, .resetPasscode, .bypassActivationLock:
            break
        }
        return nil
    }

    static func unsupervised(_ title: String, _ rule: RuleID, instead: String) -> Block {
        ("\(title) needs a supervised iPhone or iPad (Automated Device Enrollment); this one is not supervised.", instead, rule)
    }

    /// What the everyday tasks need of what the device is doing now: no second one of the same
    /// kind pending (R20), R34's hourly limit.
    static func remoteTaskStateRule(_ action: DeviceAction, _ device: Device, _ now: Date, _ open: [ActionRecord],
                                    _ usage: ActionUsage?) -> Block? {
        switch action {
        case .retire, .wipe, .delete, .sync, .resetPasscode, .bypassActivationLock: return nil
        default: break
        }
        if let pending = open.first(where: { $0.action == action }) {
            return ("A \(action.title(on: device.platform)) sent \(DateText.short(pending.issuedAt)) is still \(pending.state.rawValue).",
                    "Wait for the device to check in, or Sync to ask for one now.", .r20)
        }
        if action == .enableLostMode, let lost = device.lostMode {
            return ("The device has been in Lost Mode since \(DateText.short(lost.since)).", "Disable Lost Mode first to change its message.", .r30)
        }
        if action == .disableLostMode, open.contains(where: { $0.action == .enableLostMode }) {
            return ("The Enable Lost Mode sent is still pending.", "Wait for the device to check in.", .r30)
        }
        if action == .sendCustomNotification, let sent = usage?.notificationsLastHour, sent.count >= RuleDurations.notificationsPerHour {
            let next = sent[sent.count - RuleDurations.notificationsPerHour].addingTimeInterval(RuleDurations.hour)
            return ("\(sent.count) custom notifications were sent to this device in the last hour; the service allows \(RuleDurations.notificationsPerHour).",
                    "The next can be sent at \(DateText.short(next)) UTC.", .r34)
        }
        return nil
    }

    /// R36 (G1): a pending retire, wipe or delete wins at the next check-in and the device drops
    /// everything else, so nothing else is offered beside it (but Sync, which asks for that
    /// check-in, and Bypass Activation Lock, which happens on the service and is needed after a wipe).
    static func precedenceRule(_ action: DeviceAction, _ device: Device, _ open: [ActionRecord]) -> Block? {
        guard !action.endsManagement, action != .sync, action != .bypassActivationLock,
              let winner = open.first(where: { $0.action.endsManagement }) else { return nil }
        let title = winner.action.title(on: device.platform)
        return ("A \(title) is pending: at its next check-in the device carries out only the \(title.lowercased()), and drops any other action.",
                "Sync to have the \(title.lowercased()) carried out, or wait for it.", .r36)
    }

    /// R26: the tenant's daily limit of wipes, retires and deletes.
    static func dailyLimitRule(_ action: DeviceAction, _ usage: ActionUsage?, _ now: Date) -> Block? {
        guard let usage, let limit = ActionUsage.dailyLimit[action], usage.remainingToday(action) == 0 else { return nil }
        let plural = action == .wipe ? "wipes" : action == .retire ? "retires" : "deletes"
        return ("The tenant has taken \(usage.today[action] ?? 0) \(plural) today; the service allows \(groupedLimits[action] ?? grouped(limit)) a day.",
                "The next can be taken after \(DateText.short(usage.dayEndsAt)) UTC (in \(DateText.span(usage.dayEndsAt.timeIntervalSince(now)))); Microsoft support can raise the limit.",
                .r26)
    }

    /// The limits as the reason writes them, once: a bulk preview past the limit greys every device by it.
    static let groupedLimits = ActionUsage.dailyLimit.mapValues(grouped)

    /// "1,000": thousands grouped the same in every locale.
    static func grouped(_ number: Int) -> String {
        let digits = Array(String(number))
        return String(digits.enumerated().flatMap { index, digit in
            index > 0 && (digits.count - index) % 3 == 0 ? [",", digit] : [digit]
        })
    }

    /// What the operator should know before sending one of the everyday tasks.
    static func remoteTaskNotes(_ action: DeviceAction, _ device: Device, _ usage: ActionUsage?) -> [RuleNote] {
        switch action {
        case .restart:
            var notes = [RuleNote(.r27, "Restarts within about 5 minutes, possibly without warning the user.")]
            if device.platform.isAppleMobile {
                notes.append(RuleNote(.r27, "A passcode-locked iPhone or iPad cannot rejoin Wi-Fi until it is unlocked: the service cannot reach it until then."))
            }
            return notes
        case .shutDown:
            return [RuleNote(.r28, "Shuts down without asking the user; someone must switch it on again before it checks in.")]
        case .remoteLock:
            var notes = [RuleNote(.r29, "Locks the screen. Without a passcode the screen only turns off: a passcode policy makes the lock useful.")]
            if device.platform == .macOS {
                notes.append(RuleNote(.r29, "The Mac then asks for a 6-digit PIN, shown here for 30 days or until another action; locking it again before the PIN is used fails."))
            }
            return notes
        case .enableLostMode:
            return [RuleNote(.r30, "Locks the device with your message (and phone number) on its lock screen until Lost Mode is disabled; Locate device and Play Lost Mode sound then work.")]
        case .disableLostMode:
            return [RuleNote(.r30, "Ends Lost Mode; the user unlocks the device with their passcode.")]
        case .playLostModeSound:
            return [RuleNote(.r31, "Plays a sound until someone stops it on the device or the duration ends.")]
        case .locateDevice:
            var notes = [RuleNote(.r32, "The position is shown on the device for 24 hours, then forgotten.")]
            if device.platform == .android { notes.append(RuleNote(.r32, "The user is told that the device was located.")) }
            return notes
        case .rename:
            var notes = [RuleNote(.r33, "Changes the device name the service shows, at the next check-in (not the management name).")]
            if device.platform == .android { notes.append(RuleNote(.r33, "Android shows the new name in the service only, not on the device.")) }
            return notes
        case .sendCustomNotification:
            let sent = usage?.notificationsLastHour.count ?? 0
            return [RuleNote(.r34, "Delivered at once through the Company Portal app, not tracked and not guaranteed; at most \(RuleDurations.notificationsPerHour) a device an hour (\(sent) sent in the last hour).")]
        case .collectDiagnostics:
            return [RuleNote(.r35, "The device uploads its logs at its next check-in (within 24 hours, or it fails); kept 28 days, at most 10 a device, the oldest going first.")]
        case .retire, .wipe, .delete, .sync, .resetPasscode, .bypassActivationLock:
            return []
        }
    }

    /// R25: what Delete makes the service send to the device it hides.
    public static func deleteSends(_ device: Device) -> DeviceAction {
        device.managementType.isAndroidEnterpriseCorporate ? .wipe : .retire
    }
}
