import Foundation
import Testing
@testable import ConsoleUI
@testable import MDMCore
@testable import MDMDemo

/// A small hand-made tenant with a fixed clock, so screens are stable and read like the
/// rules they show: one device per interesting case.
enum UIFixture {
    static let now = DateParsing.iso("2026-11-24T09:00:00Z")!
    static let day = RuleDurations.day
    static let admin = "admin@contoso.com"

    static func device(_ id: String, _ name: String, _ platform: Platform, _ type: ManagementType, _ version: String,
                       user: String, _ configure: (inout Device) -> Void = { _ in }) -> Device {
        var device = Device(
            id: id, name: name, platform: platform, osVersion: version, managementType: type,
            ownership: type == .androidWorkProfile || type == .appleUserEnrollment ? .personal : .company,
            primaryUserUPN: "\(user)@contoso.com", primaryUserDisplayName: user.split(separator: ".").map(\.capitalized).joined(separator: " "),
            primaryUserEmail: "\(user)@contoso.com", serialNumber: "SN" + id.uppercased(), model: "Model", manufacturer: "Maker",
            enrolledAt: now.addingTimeInterval(-200 * day), lastCheckInAt: now.addingTimeInterval(-2 * 3600),
            certificateExpiresAt: now.addingTimeInterval(165 * day),
            apps: [DeviceApp(name: "Outlook", deployment: .required), DeviceApp(name: "Teams", deployment: .availableInstalled),
                   DeviceApp(name: "Spotify", deployment: .unmanaged)])
        configure(&device)
        return device
    }

    static let devices: [Device] = [
        device("d1", "Ana's iPhone", .iOS, .appleAutomatedEnrollment, "18.1", user: "ana.costa") { device in
            device.isSupervised = true
            device.activationLockAllowedByPolicy = true
            device.activationLockBypassCode = "K7Q2M-XH4PD-9RTWC-L3NBV-F8JZY-2GH5S"
            device.activationLockBypassCodeIssuedAt = now.addingTimeInterval(-3 * day)
            device.passcodeRequiredByCompliance = true
            device.model = "iPhone 15"
            device.manufacturer = "Apple"
        },
        device("d2", "Ben's Pixel", .android, .androidWorkProfile, "13", user: "ben.okafor") { device in
            device.workProfilePasscodeRequiredByPolicy = true
            device.workProfilePasscodeSet = true
            device.passcodeResetPromptAccepted = false
        },
        device("d3", "DESKTOP-7H3K2LP", .windows, .windowsMDM, "10.0.22631.4890", user: "chloe.martin") { device in
            device.complianceState = .noncompliant
        },
        device("d4", "KIOSK-LOBBY-01", .android, .androidDedicated, "12", user: "kiosk") { device in
            device.primaryUserUPN = ""
            device.primaryUserDisplayName = ""
        },
        device("d5", "Lena's Galaxy", .android, .androidDeviceAdministrator, "7.0", user: "lena.schmidt") { device in
            device.isOnline = false
            device.lastCheckInAt = now.addingTimeInterval(-30 * day)
        },
        device("d6", "Sam's iPhone", .iOS, .appleUserEnrollment, "17.7", user: "sam.quinn"),
    ]

    /// A console at 80×24 (or the size given) on a fresh copy of the fixture tenant.
    static func session(width: Int = 80, height: Int = 24, as upn: String = admin, glyphs: Glyphs = .unicode,
                        keymap: Keymap = .standard, plain: Bool = false) throws -> (ConsoleSession, TenantStore) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-ui-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try TenantStore(path: folder.appendingPathComponent("tenant.sqlite").path)
        try store.write { db in
            try Meta.set(db, "tenantName", "Contoso")
            try TenantClock.set(db, to: now)
            try Meta.set(db, SimulationGate.allowedKey, "yes")  // a test tenant is simulated like a demo's
            try Operator(upn: admin, roleId: Role.administrator.id).save(db)
            try Operator(upn: "helpdesk@contoso.com", roleId: Role.helpDesk.id).save(db)
            try Operator(upn: "reader@contoso.com", roleId: Role.readOnly.id).save(db)
            for device in devices { try device.insert(db) }
        }
        var state = AppState(width: width, height: height, operatorUPN: upn, glyphs: glyphs)
        state.keymap = keymap
        state.plain = plain
        let session = ConsoleSession(state: state, runner: EffectRunner(store: store, operatorUPN: upn))
        session.start()
        return (session, store)
    }
}

extension UIFixture {
    /// A second console, of another operator, on the same store.
    static func sessionOn(_ store: TenantStore, as upn: String) throws -> (ConsoleSession, TenantStore) {
        let session = ConsoleSession(state: AppState(width: 80, height: 24, operatorUPN: upn), runner: EffectRunner(store: store, operatorUPN: upn))
        session.start()
        return (session, store)
    }
}

extension ConsoleSession {
    var text: String { screen.text }

    /// The screen with trailing spaces trimmed from each line, for comparing with expected text.
    var lines: [String] {
        screen.text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
    }

    func filter(_ search: String) {
        press(.character("/"))
        type(search)
        press(.enter)
    }
}

/// Compares a screen with the expected one line by line, naming the first difference.
func expectScreen(_ session: ConsoleSession, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let actual = session.lines
    let wanted = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for index in 0..<max(actual.count, wanted.count) {
        let got = index < actual.count ? actual[index] : "<no line>"
        let want = index < wanted.count ? wanted[index] : "<no line>"
        if got != want {
            Issue.record("line \(index): expected\n\(want)\nbut the screen shows\n\(got)\n\nwhole screen:\n\(session.text)", sourceLocation: sourceLocation)
            return
        }
    }
}

/// A console on a copy of the seeded demo tenant (300 devices), for what needs a big list.
enum TestConsole {
    static let now = DateParsing.iso("2026-11-24T09:00:00Z")!

    /// Built once per test run; each session gets its own copy.
    static let template: String = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-ui-template-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("tenant.sqlite").path
        try! DemoTenant.build(at: path, options: DemoTenant.Options(deviceCount: 300, seed: 1, now: now, creator: UIFixture.admin), replace: false)
        return path
    }()

    /// 6,000 devices and 20,000 older audit entries: more than the windows hold.
    static let bigTemplate: String = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-ui-big-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("tenant.sqlite").path
        try! DemoTenant.build(at: path, options: DemoTenant.Options(deviceCount: 6000, seed: 1, now: now, creator: UIFixture.admin, auditEntries: 20000),
                              replace: false)
        return path
    }()

    static func session(width: Int = 80, height: Int = 24, big: Bool = false) throws -> ConsoleSession {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-ui-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("tenant.sqlite").path
        try FileManager.default.copyItem(atPath: big ? bigTemplate : template, toPath: path)
        let store = try TenantStore(path: path)
        let session = ConsoleSession(state: AppState(width: width, height: height, operatorUPN: UIFixture.admin),
                                     runner: EffectRunner(store: store, operatorUPN: UIFixture.admin))
        session.start()
        return session
    }
}
