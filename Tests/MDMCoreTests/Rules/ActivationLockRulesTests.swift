import Foundation
import Testing
@testable import MDMCore

/// R1, R2, R3, R22: Bypass Activation Lock and its code.
@Suite("Activation Lock bypass")
struct ActivationLockRulesTests {
    struct Row: CustomTestStringConvertible, Sendable {
        let label: String
        let device: Device
        let enabled: Bool
        let rule: RuleID?
        var testDescription: String { label }
    }

    static let rows: [Row] = [
        Row(label: "R1: supervised iPhone with the policy and a valid code → enabled", device: Fixtures.supervisedIPhone(), enabled: true, rule: nil),
        Row(label: "R1: unsupervised iPhone → greyed", device: Fixtures.device(.iOS, .appleDeviceEnrollment, "18.1"), enabled: false, rule: .r1),
        Row(label: "R1: supervised without the restriction policy → greyed", device: {
            var device = Fixtures.supervisedIPhone(); device.activationLockAllowedByPolicy = false; return device }(), enabled: false, rule: .r1),
        Row(label: "R1: code expired and cleared → greyed", device: Fixtures.supervisedIPhone(codeAge: 16 * Fixtures.day), enabled: false, rule: .r1),
        Row(label: "R1: no code held → greyed", device: Fixtures.supervisedIPhone(codeAge: nil), enabled: false, rule: .r1),
        Row(label: "R1: Android → greyed", device: Fixtures.device(.android, .androidFullyManaged, "14"), enabled: false, rule: .r1),
        Row(label: "R1: Windows → greyed", device: Fixtures.device(.windows, .windowsMDM, "10.0.22631"), enabled: false, rule: .r1),
        Row(label: "R22: iOS 7.0 supervised → greyed", device: Fixtures.supervisedIPhone(version: "7.0.6"), enabled: false, rule: .r22),
        Row(label: "R22: iOS 7.1 supervised → enabled", device: Fixtures.supervisedIPhone(version: "7.1"), enabled: true, rule: nil),
        Row(label: "R22: macOS 10.14 supervised → greyed", device: {
            var device = Fixtures.supervisedIPhone(); device.platform = .macOS; device.osVersion = "10.14.6"; return device }(), enabled: false, rule: .r22),
        Row(label: "R22: macOS 10.15 supervised with the policy → enabled", device: {
            var device = Fixtures.supervisedIPhone(); device.platform = .macOS; device.osVersion = "10.15"; return device }(), enabled: true, rule: nil),
        Row(label: "R22: iPadOS supervised → enabled", device: {
            var device = Fixtures.supervisedIPhone(); device.platform = .iPadOS; return device }(), enabled: true, rule: nil),
    ]

    @Test("R1, R22: Bypass Activation Lock availability", arguments: rows)
    func availability(row: Row) {
        let verdict = Fixtures.verdict(.bypassActivationLock, row.device)
        #expect(verdict.enabled == row.enabled)
        #expect(verdict.rule == row.rule)
        if !row.enabled { #expect(verdict.reason?.isEmpty == false) }
    }

    @Test("R2: the code is valid 15 days: 15 days minus a minute valid, plus a minute expired")
    func codeValidityBoundary() {
        let fresh = Fixtures.supervisedIPhone(codeAge: 15 * Fixtures.day - Fixtures.minute)
        let stale = Fixtures.supervisedIPhone(codeAge: 15 * Fixtures.day + Fixtures.minute)
        #expect(BypassCode.isValid(fresh, at: Fixtures.now))
        #expect(!BypassCode.isValid(stale, at: Fixtures.now))
        #expect(Fixtures.verdict(.bypassActivationLock, fresh).enabled)
        #expect(Fixtures.verdict(.bypassActivationLock, stale).rule == .r1)
    }

    @Test("R2: the enabled entry says nothing happens on the device and to copy the code before wiping")
    func takingItExplainsItself() {
        let verdict = Fixtures.verdict(.bypassActivationLock, Fixtures.supervisedIPhone())
        let text = verdict.notes.filter { $0.rule == .r2 }.map(\.text).joined()
        #expect(text.contains("Nothing happens on the device"))
        #expect(text.contains("15 days"))
        #expect(text.contains("before wiping"))
    }

    @Test("R3: the hardware overview shows the code only while valid and for a supervised device with the policy")
    func hardwareOverviewShowsCodeOnlyWhileValid() {
        #expect(BypassCode.visibleCode(Fixtures.supervisedIPhone(), at: Fixtures.now) == "ABCDE-FGHJK-LMNPQ-RSTUV-WXYZ2-34567")
        #expect(BypassCode.visibleCode(Fixtures.supervisedIPhone(codeAge: 15 * Fixtures.day + Fixtures.minute), at: Fixtures.now) == nil)
        var noPolicy = Fixtures.supervisedIPhone()
        noPolicy.activationLockAllowedByPolicy = false
        #expect(BypassCode.visibleCode(noPolicy, at: Fixtures.now) == nil)
        #expect(BypassCode.absenceReason(noPolicy, at: Fixtures.now)?.contains("policy") == true)
        #expect(BypassCode.absenceReason(Fixtures.supervisedIPhone(codeAge: 20 * Fixtures.day), at: Fixtures.now)?.contains("expired") == true)
    }

    @Test("R3: a typed code matches in any case, with or without dashes", arguments: [
        ("ABCDE-FGHJK-LMNPQ-RSTUV-WXYZ2-34567", true),
        ("abcde-fghjk-lmnpq-rstuv-wxyz2-34567", true),
        ("ABCDEFGHJKLMNPQRSTUVWXYZ234567", true),
        ("abcdefghjk lmnpq-rstuv wxyz234567", true),
        ("ABCDE-FGHJK-LMNPQ-RSTUV-WXYZ2-34568", false),
        ("", false),
    ])
    func typedCodeMatching(typed: String, matches: Bool) {
        #expect(BypassCode.matches(typed: typed, device: Fixtures.supervisedIPhone(), at: Fixtures.now) == matches)
    }

    @Test("R3: an expired code no longer matches even when typed exactly")
    func expiredCodeDoesNotMatch() {
        let stale = Fixtures.supervisedIPhone(codeAge: 15 * Fixtures.day)
        #expect(!BypassCode.matches(typed: "ABCDE-FGHJK-LMNPQ-RSTUV-WXYZ2-34567", device: stale, at: Fixtures.now))
    }
}
