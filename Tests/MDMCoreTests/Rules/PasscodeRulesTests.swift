import Foundation
import Testing
@testable import MDMCore

/// R5, R6, R7, R8, R9, R21, R23: Reset / Remove passcode.
@Suite("Reset and Remove passcode")
struct PasscodeRulesTests {
    @Test("R5, R6, R8, R21, R23: Reset passcode availability by platform, enrollment and version", arguments: [
        // R5: device administrator, 6.x supported, 7.0+ greyed.
        (Platform.android, ManagementType.androidDeviceAdministrator, "6.0.1", true, RuleID?.none),
        (.android, .androidDeviceAdministrator, "6.9", true, nil),
        (.android, .androidDeviceAdministrator, "7.0", false, .r5),
        (.android, .androidDeviceAdministrator, "7", false, .r5),
        (.android, .androidDeviceAdministrator, "10", false, .r5),
        // R6: work profile, 7.x greyed, 8.0+ supported.
        (.android, .androidWorkProfile, "7.1.2", false, .r6),
        (.android, .androidWorkProfile, "7.9", false, .r6),
        (.android, .androidWorkProfile, "8.0", true, nil),
        (.android, .androidWorkProfile, "8.0.0", true, nil),
        (.android, .androidWorkProfile, "14", true, nil),
        // R23 fully managed, R8 dedicated.
        (.android, .androidFullyManaged, "11", true, nil),
        (.android, .androidDedicated, "9", true, nil),
        // R8: iOS supported, macOS and Windows not.
        (.iOS, .appleDeviceEnrollment, "17.6.1", true, nil),
        (.iPadOS, .appleAutomatedEnrollment, "18.1", true, nil),
        (.macOS, .appleAutomatedEnrollment, "15.3", false, .r8),
        (.macOS, .appleUserEnrollment, "14.7", false, .r8),
        (.windows, .windowsMDM, "10.0.22631", false, .r8),
        // R21: iOS User Enrollment.
        (.iOS, .appleUserEnrollment, "18.1", false, .r21),
    ] as [(Platform, ManagementType, String, Bool, RuleID?)])
    func resetPasscode(platform: Platform, type: ManagementType, version: String, enabled: Bool, rule: RuleID?) {
        let verdict = Fixtures.verdict(.resetPasscode, Fixtures.device(platform, type, version))
        #expect(verdict.enabled == enabled)
        #expect(verdict.rule == rule)
    }

    @Test("R5: the reason names the 7.0 cut-off and ransomware")
    func deviceAdministratorReason() {
        let reason = Fixtures.verdict(.resetPasscode, Fixtures.device(.android, .androidDeviceAdministrator, "7.0")).reason ?? ""
        #expect(reason.contains("7.0"))
        #expect(reason.contains("ransomware"))
    }

    @Test("R6: on a work profile it resets the work profile passcode only")
    func workProfileOnly() {
        let note = Fixtures.verdict(.resetPasscode, Fixtures.workProfile("8.0")).notes.first { $0.rule == .r6 }
        #expect(note?.text.contains("work profile passcode only") == true)
    }

    @Test("R7: which of the three token conditions is missing", arguments: [
        (true, true, true, [ResetTokenCondition]()),
        (false, true, true, [.policyRequiresWorkProfilePasscode]),
        (true, false, true, [.userSetCompliantPasscode]),
        (true, true, false, [.userAcceptedResetPrompt]),
        (false, false, false, [.policyRequiresWorkProfilePasscode, .userSetCompliantPasscode, .userAcceptedResetPrompt]),
    ])
    func tokenDiagnosis(policy: Bool, passcodeSet: Bool, accepted: Bool, missing: [ResetTokenCondition]) {
        let device = Fixtures.workProfile("8.1", policy: policy, passcodeSet: passcodeSet, promptAccepted: accepted)
        #expect(ResetTokenDiagnosis.missingConditions(device) == missing)
        let verdict = Fixtures.verdict(.resetPasscode, device)
        #expect(verdict.enabled, "R7: the action can be sent; it is predicted to end Not supported")
        #expect(verdict.predictedOutcome == (missing.isEmpty ? nil : .notSupported))
        let r7 = verdict.notes.first { $0.rule == .r7 }?.text
        #expect(verdict.notes.contains { $0.rule == .r23 } == missing.isEmpty, "no temporary passcode is promised when it will not be reset")
        if missing.isEmpty {
            #expect(r7 == nil)
        } else {
            for condition in missing { #expect(r7?.contains(condition.missingText) == true) }
        }
    }

    @Test("R9: removing an iPhone passcode under a compliance policy says the user will be asked for a new one")
    func compliancePrompt() {
        let required = Fixtures.device(.iOS, .appleDeviceEnrollment, "18.1") { $0.passcodeRequiredByCompliance = true }
        let notRequired = Fixtures.device(.iOS, .appleDeviceEnrollment, "18.1")
        #expect(Fixtures.verdict(.resetPasscode, required).notes.contains { $0.rule == .r9 && $0.text.contains("set a new one") })
        #expect(!Fixtures.verdict(.resetPasscode, notRequired).notes.contains { $0.text.contains("set a new one") })
    }

    @Test("R23: on Android the temporary passcode is shown for 7 days")
    func temporaryPasscodeNote() {
        for device in [Fixtures.device(.android, .androidFullyManaged, "13"), Fixtures.device(.android, .androidDedicated, "12"),
                       Fixtures.workProfile("12")] {
            #expect(Fixtures.verdict(.resetPasscode, device).notes.contains { $0.rule == .r23 && $0.text.contains("7 days") })
        }
    }
}
