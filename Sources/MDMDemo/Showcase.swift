import Foundation
import MDMCore

/// The demo devices that sit on each rule's boundary (docs/RULES.md), so every greyed reason
/// and every lifecycle state can be found in the demo tenant. Named for what they show.
enum Showcase {
    enum Key: String, CaseIterable, Sendable {
        // Android device administrator: R5 boundary 6.x / 7.0.
        case deviceAdmin6, deviceAdmin7
        // Android Enterprise work profile: R6 boundary 7.x / 8.0, R7 token conditions, R4.
        case workProfile7, workProfile8NoPolicy, workProfileNoToken, workProfileNoPrompt, workProfileWithToken, offlineWorkProfile
        // Android Enterprise fully managed (R23) and dedicated (R8).
        case fullyManaged, lostFullyManagedOffline, dedicatedKiosk
        // iOS: R1–R3 code valid, about to expire, expired; unsupervised; no policy; R22; R21; R9.
        case supervisedCodeValid, supervisedCodeLastMinutes, supervisedCodeExpired, supervisedNoPolicy, unsupervisedIPhone
        case oldIOSSupervised, userEnrolledIPhone, iPhoneCompliancePasscode, leaverIPhone, portalRetiredIPhone
        // iPadOS and macOS: R22 boundary 10.14 / 10.15, R8.
        case offlineIPad, recentlyOfflineIPhone, macSupervised, macOld, macUserEnrolled
        // Windows: R8; one to wipe then delete; one offline with an expired certificate (R14, R15).
        case windowsLaptop, windowsToWipe, windowsExpiredCertificate
        // The everyday remote tasks: a corporate work profile (R24, R29, R33); a lost iPhone in
        // Lost Mode, located (R30–R32); a locked Mac with its PIN (R29); a Windows laptop with a
        // diagnostics upload (R35) and a personal one where rename and diagnostics grey (R33, R35).
        case corporateWorkProfile, lostIPhone, lockedMac, windowsDiagnostics, personalWindows
    }

    static func devices(_ factory: inout DeviceFactory) -> [Key: Device] {
        let now = factory.now
        let day = RuleDurations.day
        var result: [Key: Device] = [:]
        func add(_ key: Key, _ platform: Platform, _ type: ManagementType, _ version: String, online: Bool = true,
                 _ adjust: (inout Device) -> Void = { _ in }) {
            var device = factory.make(platform: platform, type: type, version: version, online: online,
                                      personIndex: Key.allCases.firstIndex(of: key))
            adjust(&device)
            result[key] = device
        }
        add(.deviceAdmin6, .android, .androidDeviceAdministrator, "6.0.1")
        add(.deviceAdmin7, .android, .androidDeviceAdministrator, "7.0")
        add(.workProfile7, .android, .androidWorkProfile, "7.1.2")
        add(.workProfile8NoPolicy, .android, .androidWorkProfile, "8.0.0") { device in
            device.workProfilePasscodeRequiredByPolicy = false
            device.workProfilePasscodeSet = false
            device.passcodeResetPromptAccepted = false
        }
        add(.workProfileNoToken, .android, .androidWorkProfile, "8.1.0") { device in
            device.workProfilePasscodeRequiredByPolicy = true
            device.workProfilePasscodeSet = true
            device.passcodeResetPromptAccepted = false
        }
        add(.workProfileNoPrompt, .android, .androidWorkProfile, "13") { device in
            device.workProfilePasscodeRequiredByPolicy = true
            device.workProfilePasscodeSet = false
            device.passcodeResetPromptAccepted = false
        }
        add(.workProfileWithToken, .android, .androidWorkProfile, "14") { device in
            device.workProfilePasscodeRequiredByPolicy = true
            device.workProfilePasscodeSet = true
            device.passcodeResetPromptAccepted = true
        }
        add(.offlineWorkProfile, .android, .androidWorkProfile, "12", online: false) { device in
            device.lastCheckInAt = now.addingTimeInterval(-40 * day)
            device.certificateExpiresAt = now.addingTimeInterval(75 * day)
        }
        add(.fullyManaged, .android, .androidFullyManaged, "14")
        add(.lostFullyManagedOffline, .android, .androidFullyManaged, "13", online: false) { device in
            device.lastCheckInAt = now.addingTimeInterval(-23 * day)
            device.certificateExpiresAt = now.addingTimeInterval(160 * day)
        }
        add(.dedicatedKiosk, .android, .androidDedicated, "12")
        func supervised(_ device: inout Device, codeAge: TimeInterval?) {
            device.managementType = .appleAutomatedEnrollment
            device.isSupervised = true
            device.ownership = .company
            device.activationLockAllowedByPolicy = true
            if let codeAge {
                device.activationLockBypassCode = factory.nextBypassCode()
                device.activationLockBypassCodeIssuedAt = now.addingTimeInterval(-codeAge)
            }
        }
        add(.supervisedCodeValid, .iOS, .appleAutomatedEnrollment, "18.3.2") { supervised(&$0, codeAge: 3 * day) }
        add(.supervisedCodeLastMinutes, .iOS, .appleAutomatedEnrollment, "17.7") { supervised(&$0, codeAge: 15 * day - 30 * 60) }
        add(.supervisedCodeExpired, .iOS, .appleAutomatedEnrollment, "18.1") { supervised(&$0, codeAge: 15 * day + 60) }
        add(.supervisedNoPolicy, .iOS, .appleAutomatedEnrollment, "18.5") { device in
            supervised(&device, codeAge: 2 * day)
            device.activationLockAllowedByPolicy = false
        }
        add(.unsupervisedIPhone, .iOS, .appleDeviceEnrollment, "18.5") { device in
            device.isSupervised = false
            device.activationLockBypassCode = nil
            device.activationLockBypassCodeIssuedAt = nil
        }
        add(.oldIOSSupervised, .iOS, .appleAutomatedEnrollment, "7.0.6") { supervised(&$0, codeAge: 1 * day) }
        add(.userEnrolledIPhone, .iOS, .appleUserEnrollment, "18.3.2") { $0.ownership = .personal }
        add(.iPhoneCompliancePasscode, .iOS, .appleDeviceEnrollment, "17.6.1") { $0.passcodeRequiredByCompliance = true }
        add(.leaverIPhone, .iOS, .appleDeviceEnrollment, "18.1")
        add(.portalRetiredIPhone, .iOS, .appleDeviceEnrollment, "17.7") { $0.ownership = .personal }
        add(.offlineIPad, .iPadOS, .appleAutomatedEnrollment, "17.7", online: false) { device in
            supervised(&device, codeAge: 5 * day)
            device.lastCheckInAt = now.addingTimeInterval(-12 * day)
            device.certificateExpiresAt = now.addingTimeInterval(200 * day)
        }
        add(.recentlyOfflineIPhone, .iOS, .appleDeviceEnrollment, "18.3.2", online: false) { device in
            device.lastCheckInAt = now.addingTimeInterval(-2 * day)
            device.certificateExpiresAt = now.addingTimeInterval(330 * day)
        }
        add(.macSupervised, .macOS, .appleAutomatedEnrollment, "15.3.1") { supervised(&$0, codeAge: 6 * day) }
        add(.macOld, .macOS, .appleAutomatedEnrollment, "10.14.6") { supervised(&$0, codeAge: 2 * day) }
        add(.macUserEnrolled, .macOS, .appleUserEnrollment, "14.7") { $0.ownership = .personal }
        add(.windowsLaptop, .windows, .windowsMDM, "10.0.22631.4890")
        add(.windowsToWipe, .windows, .windowsMDM, "10.0.19045.5487")
        add(.windowsExpiredCertificate, .windows, .windowsMDM, "10.0.19045.5487", online: false) { device in
            device.lastCheckInAt = now.addingTimeInterval(-400 * day)
            device.certificateExpiresAt = now.addingTimeInterval(-20 * day)
            device.complianceState = .noncompliant
        }
        add(.corporateWorkProfile, .android, .androidCorporateWorkProfile, "14")
        add(.lostIPhone, .iOS, .appleAutomatedEnrollment, "18.3.2") { supervised(&$0, codeAge: 4 * day) }
        add(.lockedMac, .macOS, .appleAutomatedEnrollment, "15.2") { supervised(&$0, codeAge: nil) }
        add(.windowsDiagnostics, .windows, .windowsMDM, "10.0.26100.2894")
        add(.personalWindows, .windows, .windowsMDM, "10.0.22631.4890") { $0.ownership = .personal }
        return result
    }
}
