import Foundation
import Testing
@testable import MDMCore

/// R24–R36: the everyday remote tasks, Retire and Delete on corporate Android, the tenant's
/// daily limits and the precedence of retire, wipe and delete. One row per device kind: a
/// device on each side of every rule.
@Suite("Everyday remote tasks")
struct RemoteTaskRulesTests {
    typealias Row = (String, Device, Bool, RuleID?)

    static let supervisedIPhone = Fixtures.supervisedIPhone()
    static let unsupervisedIPhone = Fixtures.device(.iOS, .appleDeviceEnrollment, "18.1")
    static let lostIPhone = Fixtures.supervisedIPhone { $0.lostMode = LostMode(message: "Lost", since: Fixtures.now) }
    static let personalIPhone = Fixtures.supervisedIPhone { $0.ownership = .personal }
    static let mac = Fixtures.device(.macOS, .appleAutomatedEnrollment, "15.2") { $0.isSupervised = true }
    static let personalMac = Fixtures.device(.macOS, .appleUserEnrollment, "14.7")
    static let windows = Fixtures.device(.windows, .windowsMDM, "10.0.22631")
    static let personalWindows = Fixtures.device(.windows, .windowsMDM, "10.0.22631") { $0.ownership = .personal }
    static let unknownWindows = Fixtures.device(.windows, .windowsMDM, "10.0.22631") { $0.ownership = .unknown }
    static let fullyManaged = Fixtures.device(.android, .androidFullyManaged, "14")
    static let dedicated = Fixtures.device(.android, .androidDedicated, "12")
    static let corporateWorkProfile = Fixtures.device(.android, .androidCorporateWorkProfile, "14")
    static let workProfile = Fixtures.workProfile("14")
    static let deviceAdmin = Fixtures.device(.android, .androidDeviceAdministrator, "9")

    static func check(_ action: DeviceAction, _ rows: [Row]) {
        for (name, device, enabled, rule) in rows {
            let verdict = Fixtures.verdict(action, device)
            #expect(verdict.enabled == enabled && verdict.rule == rule, "\(action) on \(name): \(verdict.reason ?? "enabled")")
            if !enabled { #expect(verdict.reason?.isEmpty == false, "\(action) on \(name) says why") }
        }
    }

    @Test("R24: Retire is greyed on Android Enterprise corporate devices (fully managed, dedicated, corporate work profile), with Wipe as the remedy")
    func retireOnCorporateAndroid() {
        Self.check(.retire, [
            ("fully managed", Self.fullyManaged, false, .r24), ("dedicated", Self.dedicated, false, .r24),
            ("corporate work profile", Self.corporateWorkProfile, false, .r24), ("personal work profile", Self.workProfile, true, nil),
            ("device administrator", Self.deviceAdmin, true, nil), ("iPhone", Self.unsupervisedIPhone, true, nil),
            ("Mac", Self.mac, true, nil), ("Windows", Self.windows, true, nil),
        ])
        #expect(Fixtures.verdict(.retire, Self.fullyManaged).remedy?.contains("Wipe") == true)
        #expect(Fixtures.verdict(.wipe, Self.corporateWorkProfile).enabled, "a corporate work profile can be wiped (R4 is the personal one's)")
    }

    @Test("R25: Delete says it sends a factory wipe to corporate Android Enterprise devices and a retire to the others")
    func deleteSays() {
        for (device, wipes) in [(Self.fullyManaged, true), (Self.dedicated, true), (Self.corporateWorkProfile, true),
                                (Self.workProfile, false), (Self.deviceAdmin, false), (Self.windows, false), (Self.unsupervisedIPhone, false)] {
            let note = Fixtures.verdict(.delete, device).notes.first { $0.rule == .r25 }?.text ?? ""
            #expect(note.contains(wipes ? "factory wipe" : "sends it a retire"), "\(device.managementType): \(note)")
            #expect(Rules.deleteSends(device) == (wipes ? .wipe : .retire))
        }
    }

    @Test("R27: Restart on Windows, Macs, supervised iPhones, fully managed and dedicated Android; greyed elsewhere")
    func restart() {
        Self.check(.restart, [
            ("Windows", Self.windows, true, nil), ("Mac", Self.mac, true, nil), ("supervised iPhone", Self.supervisedIPhone, true, nil),
            ("unsupervised iPhone", Self.unsupervisedIPhone, false, .r27), ("fully managed", Self.fullyManaged, true, nil),
            ("dedicated", Self.dedicated, true, nil), ("corporate work profile", Self.corporateWorkProfile, false, .r27),
            ("work profile", Self.workProfile, false, .r27), ("device administrator", Self.deviceAdmin, false, .r27),
        ])
    }

    @Test("R28: Shut down only on supervised iPhones and iPads and on Macs")
    func shutDown() {
        Self.check(.shutDown, [
            ("supervised iPhone", Self.supervisedIPhone, true, nil), ("unsupervised iPhone", Self.unsupervisedIPhone, false, .r28),
            ("Mac", Self.mac, true, nil), ("Windows", Self.windows, false, .r28), ("fully managed", Self.fullyManaged, false, .r28),
        ])
        #expect(Fixtures.verdict(.shutDown, Self.windows).remedy == "Use Restart.")
    }

    @Test("R29: Remote lock is greyed on Windows by design and on personal or device-admin Android; a Mac's lock takes a 6-digit PIN")
    func remoteLock() {
        Self.check(.remoteLock, [
            ("Windows", Self.windows, false, .r29), ("unsupervised iPhone", Self.unsupervisedIPhone, true, nil), ("Mac", Self.mac, true, nil),
            ("user-enrolled Mac", Self.personalMac, true, nil), ("fully managed", Self.fullyManaged, true, nil),
            ("dedicated", Self.dedicated, true, nil), ("corporate work profile", Self.corporateWorkProfile, true, nil),
            ("work profile", Self.workProfile, false, .r29), ("device administrator", Self.deviceAdmin, false, .r29),
        ])
        #expect(Fixtures.verdict(.remoteLock, Self.windows).reason?.contains("by design") == true)
        #expect(DeviceAction.remoteLock.inputFields(on: .macOS).map(\.name) == ["unlockPin"])
        #expect(DeviceAction.remoteLock.inputFields(on: .iOS).isEmpty)
        #expect(ActionInputRules.problem(["unlockPin": "12345"], action: .remoteLock, device: Self.mac)?.text == "is 6 digits")
        #expect(ActionInputRules.problem(["unlockPin": "123456"], action: .remoteLock, device: Self.mac) == nil)
        #expect(ActionInputRules.problem(["unlockPin": "123456"], action: .remoteLock, device: Self.supervisedIPhone) != nil, "an iPhone's lock takes no PIN")
    }

    @Test("R30: Lost Mode only on supervised corporate iPhones and iPads, once; Disable only on a device in Lost Mode; the message is required")
    func lostMode() {
        Self.check(.enableLostMode, [
            ("supervised iPhone", Self.supervisedIPhone, true, nil), ("unsupervised iPhone", Self.unsupervisedIPhone, false, .r30),
            ("personal supervised iPhone", Self.personalIPhone, false, .r30), ("lost iPhone", Self.lostIPhone, false, .r30),
            ("Mac", Self.mac, false, .r30), ("Windows", Self.windows, false, .r30), ("fully managed", Self.fullyManaged, false, .r30),
        ])
        Self.check(.disableLostMode, [
            ("lost iPhone", Self.lostIPhone, true, nil), ("supervised iPhone", Self.supervisedIPhone, false, .r30),
            ("Windows", Self.windows, false, .r30),
        ])
        let iPhone = Self.supervisedIPhone
        #expect(ActionInputRules.problem([:], action: .enableLostMode, device: iPhone)?.description == "Lock screen message: is required")
        #expect(ActionInputRules.problem(["message": "   "], action: .enableLostMode, device: iPhone)?.text == "is only spaces")
        #expect(ActionInputRules.problem(["message": String(repeating: "x", count: 161)], action: .enableLostMode, device: iPhone)?.text
            == "is 161 characters; at most 160")
        #expect(ActionInputRules.problem(["message": "Lost", "phoneNumber": "call me"], action: .enableLostMode, device: iPhone)?.name == "phoneNumber")
        #expect(ActionInputRules.problem(["message": "Lost", "phoneNumber": "+33 (1) 70-00.12", "footer": "Contoso IT"], action: .enableLostMode, device: iPhone) == nil)
        #expect(ActionInputRules.problem(["message": "Lost\u{1B}[2J"], action: .enableLostMode, device: iPhone)?.text.contains("ESC") == true)
    }

    @Test("R31: Play Lost Mode sound on a supervised iPhone in Lost Mode, or corporate Android; its duration is 1 to 60 minutes")
    func playSound() {
        Self.check(.playLostModeSound, [
            ("lost iPhone", Self.lostIPhone, true, nil), ("supervised iPhone not lost", Self.supervisedIPhone, false, .r31),
            ("unsupervised iPhone", Self.unsupervisedIPhone, false, .r31), ("fully managed", Self.fullyManaged, true, nil),
            ("corporate work profile", Self.corporateWorkProfile, true, nil), ("work profile", Self.workProfile, false, .r31),
            ("Windows", Self.windows, false, .r31), ("Mac", Self.mac, false, .r31),
        ])
        #expect(Fixtures.verdict(.playLostModeSound, Self.supervisedIPhone).remedy == "Enable Lost Mode first.")
        for (value, fine) in [("1", true), ("60", true), ("0", false), ("61", false), ("two", false), ("1.5", false)] {
            #expect((ActionInputRules.problem(["durationInMinutes": value], action: .playLostModeSound, device: Self.lostIPhone) == nil) == fine, "\(value)")
        }
    }

    @Test("R32: Locate device on Windows, corporate Android and a supervised iPhone in Lost Mode; never a Mac")
    func locate() {
        Self.check(.locateDevice, [
            ("Windows", Self.windows, true, nil), ("lost iPhone", Self.lostIPhone, true, nil),
            ("supervised iPhone not lost", Self.supervisedIPhone, false, .r32), ("Mac", Self.mac, false, .r32),
            ("fully managed", Self.fullyManaged, true, nil), ("dedicated", Self.dedicated, true, nil),
            ("work profile", Self.workProfile, false, .r32), ("device administrator", Self.deviceAdmin, false, .r32),
        ])
    }

    @Test("R33: Rename only corporate devices (supervised on iOS, Android Enterprise corporate); each platform's name rules")
    func rename() {
        Self.check(.rename, [
            ("Windows", Self.windows, true, nil), ("personal Windows", Self.personalWindows, false, .r33),
            ("Windows of unknown ownership", Self.unknownWindows, false, .r33), ("Mac", Self.mac, true, nil),
            ("personal Mac", Self.personalMac, false, .r33), ("supervised iPhone", Self.supervisedIPhone, true, nil),
            ("unsupervised iPhone", Self.unsupervisedIPhone, false, .r33), ("fully managed", Self.fullyManaged, true, nil),
            ("work profile", Self.workProfile, false, .r33), ("device administrator", Self.deviceAdmin, false, .r33),
        ])
        let cases: [(Platform, String, Bool)] = [
            (.windows, "LAPTOP-7F3K2Q1", true), (.windows, String(repeating: "A", count: 63), true),
            (.windows, String(repeating: "A", count: 64), false), (.windows, "12345", false), (.windows, "MY LAPTOP", false),
            (.windows, "LAPTOP_1", false), (.windows, "LAPTOP.1", false), (.windows, "LAPTOP`1", false), (.windows, "PORTÁTIL-1", true),
            (.iOS, "Ana-iPhone", true), (.iOS, "1234", false), (.iOS, "Ana's iPhone", false), (.iOS, "PORTÁTIL", false),
            (.android, "KIOSK-07", true), (.android, "1234", true), (.android, "KIOSK_07", false),
        ]
        for (platform, name, fine) in cases {
            #expect((ActionInputRules.deviceNameProblem(name, on: platform) == nil) == fine, "\(platform) \(name): \(ActionInputRules.deviceNameProblem(name, on: platform) ?? "fine")")
        }
        #expect(DeviceAction.rename.inputFields(on: .windows).map(\.name) == ["deviceName", "restartAfterRename"])
        #expect(DeviceAction.rename.inputFields(on: .iOS).map(\.name) == ["deviceName"])
    }

    @Test("R34: Custom notifications reach iPhones, iPads and personal work profiles; title ≤ 50, body ≤ 500; at most 10 a device an hour")
    func notification() {
        Self.check(.sendCustomNotification, [
            ("unsupervised iPhone", Self.unsupervisedIPhone, true, nil), ("work profile", Self.workProfile, true, nil),
            ("fully managed", Self.fullyManaged, false, .r34), ("Windows", Self.windows, false, .r34), ("Mac", Self.mac, false, .r34),
        ])
        let iPhone = Self.unsupervisedIPhone
        #expect(ActionInputRules.problem(["notificationTitle": String(repeating: "t", count: 51), "notificationBody": "b"],
                                         action: .sendCustomNotification, device: iPhone)?.text == "is 51 characters; at most 50")
        #expect(ActionInputRules.problem(["notificationTitle": "t", "notificationBody": String(repeating: "b", count: 501)],
                                         action: .sendCustomNotification, device: iPhone)?.text == "is 501 characters; at most 500")
        #expect(ActionInputRules.problem(["notificationTitle": "t"], action: .sendCustomNotification, device: iPhone)?.name == "notificationBody")
        let sent = (0..<10).map { Fixtures.now.addingTimeInterval(Double(-3000 + $0 * 60)) }
        let full = ActionUsage(dayEndsAt: Fixtures.now.addingTimeInterval(3600), notificationsLastHour: sent)
        let verdict = Rules.availability(of: .sendCustomNotification, for: iPhone, role: .helpDesk, now: Fixtures.now, usage: full)
        #expect(verdict.rule == .r34 && verdict.reason?.hasPrefix("10 custom notifications") == true)
        #expect(verdict.remedy == "The next can be sent at \(DateText.short(sent[0].addingTimeInterval(3600))) UTC.")
        let nine = ActionUsage(dayEndsAt: Fixtures.now, notificationsLastHour: Array(sent.dropFirst()))
        #expect(Rules.availability(of: .sendCustomNotification, for: iPhone, role: .helpDesk, now: Fixtures.now, usage: nine).enabled)
    }

    @Test("R35: Collect diagnostics only from corporate Windows devices")
    func diagnostics() {
        Self.check(.collectDiagnostics, [
            ("Windows", Self.windows, true, nil), ("personal Windows", Self.personalWindows, false, .r35),
            ("Mac", Self.mac, false, .r35), ("iPhone", Self.supervisedIPhone, false, .r35), ("fully managed", Self.fullyManaged, false, .r35),
        ])
        #expect(Fixtures.verdict(.collectDiagnostics, Self.supervisedIPhone).remedy?.contains("Troubleshooting") == true)
    }

    @Test("R26: the 500th wipe, the 1,000th retire and the 1,000th delete of the day are the last; the next greys with the count and the rollover")
    func dailyLimits() {
        let end = ActionUsage.utcDay(of: Fixtures.now).end
        #expect(DateText.iso(end) == "2026-11-25T00:00:00Z")
        for (action, limit) in [(DeviceAction.wipe, 500), (.retire, 1_000), (.delete, 1_000)] {
            let device = action == .retire ? Self.windows : Self.windows
            let below = ActionUsage(today: [action: limit - 1], dayEndsAt: end)
            #expect(Rules.availability(of: action, for: device, role: .administrator, now: Fixtures.now, usage: below).enabled)
            let full = ActionUsage(today: [action: limit], dayEndsAt: end)
            let verdict = Rules.availability(of: action, for: device, role: .administrator, now: Fixtures.now, usage: full)
            #expect(verdict.rule == .r26, "\(action)")
            #expect(verdict.reason?.contains(RemoteTaskRulesTests.grouped(limit)) == true, "\(verdict.reason ?? "")")
            #expect(verdict.remedy?.contains("2026-11-25 00:00 UTC (in 15h 00m)") == true, "\(verdict.remedy ?? "")")
        }
        let noLimit = ActionUsage(today: [.wipe: 500], dayEndsAt: end)
        #expect(Rules.availability(of: .sync, for: Self.windows, role: .administrator, now: Fixtures.now, usage: noLimit).enabled)
    }

    static func grouped(_ number: Int) -> String { number == 1_000 ? "1,000" : "\(number)" }

    @Test("R36: with a retire or wipe pending, everything else but Sync, Delete and Bypass is greyed: the device would drop it")
    func precedence() {
        let pending = ActionRecord(id: "w", action: .wipe, deviceId: Self.lostIPhone.id, deviceName: "x", platform: .iOS, state: .pending,
                                   issuedAt: Fixtures.now, updatedAt: Fixtures.now, initiatedBy: "a", source: .console)
        var greyed = 0
        for idle in [Self.lostIPhone, Self.windows, Self.fullyManaged] {
            var device = idle
            device.managementState = .wipePending
            for action in DeviceAction.allCases {
                let verdict = Fixtures.verdict(action, device, open: [pending])
                switch action {
                case .sync, .delete, .bypassActivationLock: #expect(verdict.rule != .r36, "\(action)")
                case .wipe, .retire: #expect(!verdict.enabled, "\(action): one is already pending")
                default:
                    // What the device is comes first; what it would do next, second.
                    guard Fixtures.verdict(action, idle).enabled else { continue }
                    #expect(verdict.rule == .r36, "\(action) on \(device.platform): \(verdict.reason ?? "enabled")")
                    greyed += 1
                }
            }
        }
        #expect(greyed >= 10, "the rule was seen on most of the tasks (\(greyed))")
    }

    @Test("R20: a second Locate (or any everyday task) while one is pending is greyed with when it was sent")
    func secondPending() {
        let open = ActionRecord(id: "l", action: .locateDevice, deviceId: Self.windows.id, deviceName: "x", platform: .windows, state: .pending,
                                issuedAt: Fixtures.now, updatedAt: Fixtures.now, initiatedBy: "a", source: .console)
        let verdict = Fixtures.verdict(.locateDevice, Self.windows, open: [open])
        #expect(verdict.rule == .r20 && verdict.reason?.contains("still pending") == true)
        #expect(Fixtures.verdict(.restart, Self.windows, open: [open]).enabled)
    }

    @Test("ROLE: the help desk takes every everyday remote task; read only takes none")
    func roles() {
        let everyday: [DeviceAction] = [.remoteLock, .restart, .shutDown, .enableLostMode, .disableLostMode, .locateDevice,
                                        .playLostModeSound, .rename, .sendCustomNotification, .collectDiagnostics]
        #expect(everyday.allSatisfy(Role.helpDesk.mayTake))
        #expect(!everyday.contains(where: Role.readOnly.mayTake))
        #expect(Fixtures.verdict(.restart, Self.windows, role: .readOnly).rule == .role)
    }
}
