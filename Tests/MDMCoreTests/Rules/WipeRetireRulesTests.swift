import Foundation
import Testing
@testable import MDMCore

/// R4, R21 (wipe greyed), R10, R11, R12 (what retire does and says).
@Suite("Wipe and Retire")
struct WipeRetireRulesTests {
    @Test("Wipe availability by management type", arguments: [
        (ManagementType.androidWorkProfile, Platform.android, "14", false, RuleID?.some(.r4)),
        (.androidFullyManaged, .android, "14", true, nil),
        (.androidDedicated, .android, "12", true, nil),
        (.androidDeviceAdministrator, .android, "9", true, nil),
        (.appleUserEnrollment, .iOS, "18.1", false, .r21),
        (.appleDeviceEnrollment, .iOS, "18.1", true, nil),
        (.appleAutomatedEnrollment, .iPadOS, "18.1", true, nil),
        (.windowsMDM, .windows, "10.0.22631", true, nil),
    ] as [(ManagementType, Platform, String, Bool, RuleID?)])
    func wipe(type: ManagementType, platform: Platform, version: String, enabled: Bool, rule: RuleID?) {
        let verdict = Fixtures.verdict(.wipe, Fixtures.device(platform, type, version))
        #expect(verdict.enabled == enabled)
        #expect(verdict.rule == rule)
    }

    @Test("R4: a work profile's Wipe is greyed with Google's reason and Retire as the remedy")
    func workProfileWipeReason() {
        let verdict = Fixtures.verdict(.wipe, Fixtures.workProfile("13"))
        #expect(verdict.reason?.contains("Google") == true)
        #expect(verdict.remedy?.contains("Retire") == true)
    }

    @Test("R21: a User Enrollment iPhone cannot be wiped, but can be retired")
    func userEnrollment() {
        let iPhone = Fixtures.device(.iOS, .appleUserEnrollment, "18.1")
        #expect(Fixtures.verdict(.wipe, iPhone).rule == .r21)
        #expect(Fixtures.verdict(.retire, iPhone).enabled)
    }

    @Test("R10, R11: retire says it removes the managed apps only (required and available-installed) and the user's own stay")
    func retireNotesCountManagedApps() {
        let verdict = Fixtures.verdict(.retire, Fixtures.workProfile("13"))
        let r10 = verdict.notes.first { $0.rule == .r10 }?.text ?? ""
        let r11 = verdict.notes.first { $0.rule == .r11 }?.text ?? ""
        #expect(r10.contains("2 managed apps"))
        #expect(r11.contains("1 app the user installed"))
    }

    @Test("R11: a managed app is required, or available and installed from the Company Portal")
    func managedApps() {
        #expect(DeviceApp(name: "Outlook", deployment: .required).isManaged)
        #expect(DeviceApp(name: "Word", deployment: .availableInstalled).isManaged)
        #expect(!DeviceApp(name: "Spotify", deployment: .unmanaged).isManaged)
    }

    @Test("R12: retire warns that access tokens are not revoked and points to conditional access")
    func retireWarnsAboutTokens() {
        let r12 = Fixtures.verdict(.retire, Fixtures.device(.iOS, .appleDeviceEnrollment, "18.1")).notes.first { $0.rule == .r12 }
        #expect(r12?.text.contains("does not revoke access tokens") == true)
        #expect(r12?.text.contains("conditional access") == true)
    }

    @Test("Every action is always listed, in the menu's order, greyed or not")
    func everyActionListed() {
        for device in [Fixtures.workProfile("7.1"), Fixtures.device(.windows, .windowsMDM, "10.0"), Fixtures.supervisedIPhone()] {
            for role in Role.builtIn {
                let menu = Rules.availability(for: device, role: role, now: Fixtures.now)
                #expect(menu.map(\.action) == DeviceAction.allCases)
                #expect(menu.allSatisfy { $0.enabled || ($0.reason != nil && $0.rule != nil) })
            }
        }
    }

    @Test("Reset passcode is called Remove passcode on iOS and iPadOS")
    func removePasscodeTitle() {
        #expect(DeviceAction.resetPasscode.title(on: .iOS) == "Remove passcode")
        #expect(DeviceAction.resetPasscode.title(on: .iPadOS) == "Remove passcode")
        #expect(DeviceAction.resetPasscode.title(on: .android) == "Reset passcode")
    }
}
