import Foundation
import GRDB
import Testing
@testable import MDMCore
@testable import MDMDemo

/// What a malicious file, name or flag could do, refused at the door or shown harmlessly.
@Suite("Hostile input")
struct HostileInputTests {
    static let hostileNames: [(String, String)] = [
        ("title\u{1B}]0;pwned\u{07}", "ESC (U+001B) at character 6"),
        ("clear\u{1B}[2J", "ESC (U+001B) at character 6"),
        ("c1\u{9B}31m", "CSI (U+009B) at character 3"),
        ("evil\u{202E}gnp.exe", "U+202E RIGHT-TO-LEFT OVERRIDE at character 5"),
        ("isolate\u{2066}x", "U+2066 LEFT-TO-RIGHT ISOLATE at character 8"),
        ("two\nlines", "a new line (U+000A) at character 4"),
        ("zero\u{200B}width", "the invisible U+200B ZERO WIDTH SPACE at character 5"),
    ]

    @Test("Import refuses controls, bidi overrides and invisible characters in a device name, naming the field and the character",
          arguments: hostileNames)
    func importRefuses(name: String, named: String) throws {
        let json = try JSONSerialization.data(withJSONObject: ["value": [["id": "x-1", "deviceName": name, "operatingSystem": "iOS"]]])
        #expect {
            _ = try InventoryImport.read(Array(json), file: "devices.json", format: nil, now: Fixtures.now)
        } throws: { error in
            let problem = (error as? ImportError)?.problems.first?.description ?? ""
            return problem.hasPrefix("value[0].deviceName: contains") && problem.contains(named)
                && TerminalText.isShowable(problem)
        }
        let csv = "Device ID,Device name,OS\r\nx,\"\(name)\",iOS\r\n"
        #expect {
            _ = try InventoryImport.read(Array(csv.utf8), file: "d.csv", format: nil, now: Fixtures.now)
        } throws: { error in
            (error as? ImportError)?.problems.first?.description.hasPrefix("line 2, Device name: contains") == true
        }
    }

    @Test("Names people really have are accepted: accents, CJK, emoji, combining marks, Persian with a zero width non-joiner")
    func realNamesAccepted() throws {
        let names = ["Zoé's Mac", "王小明的iPhone", "📱 Test", "Zoe\u{301}", "می\u{200C}خواهم", "👩‍💻 laptop"]
        let values = names.enumerated().map { ["id": "id-\($0.offset)", "deviceName": $0.element, "operatingSystem": "iOS"] }
        let json = try JSONSerialization.data(withJSONObject: values)
        let (_, devices) = try InventoryImport.read(Array(json), file: "devices.json", format: nil, now: Fixtures.now)
        #expect(devices.map(\.name) == names)
    }

    @Test("Identities: controls, white space around or inside, and invisible characters are refused", arguments: [
        ("root ", "white space at character 5"), (" root", "white space at character 1"), ("ad\u{1B}min", "ESC"),
        ("admin\u{200D}", "invisible"), ("", "is empty"), (String(repeating: "a", count: 257), "longer than 256"),
    ])
    func identities(upn: String, problem: String) throws {
        #expect(InputText.identityProblem(in: upn)?.contains(problem) == true)
        let tenant = try TemporaryStore()
        #expect(throws: RoleChangeError.self) { try RoleService(store: tenant.store).grant(.administrator, to: upn, by: "admin@contoso.com") }
        #expect(try tenant.entriesSinceSetUp().isEmpty, "nothing about it reaches the audit log")
    }

    @Test("Shown on a terminal, a control is a visible \\u escape and a table line keeps its own layout")
    func visibleEscapes() {
        #expect(TerminalText.visible("a\u{1B}]0;x\u{07}b") == "a\\u001b]0;x\\u0007b")
        #expect(TerminalText.visible("\u{202E}x\u{9B}") == "\\u202ex\\u009b")
        #expect(TerminalText.visibleKeepingLayout("a\tb\r\nc\rd\n") == "a\tb\r\nc\\u000dd\n")
        #expect(TerminalText.typeable("Kiosk\u{1B}1") == "Kiosk\\u001b1")
    }

    @Test("The quick judgement of an export's text agrees with escaping it, ASCII or not, a CR at an end or before a non-ASCII character")
    func layoutFastPath() {
        let samples = ["", "plain", "a\tb\r\nc\n", "end\r", "\r", "Zoë\r\n", "Zoë\ré", "\u{9B}", "x\u{200B}y", "👩🏽‍💻\n",
                       "\u{1B}[2J", "DEL\u{7F}", "\u{2028}", "naïve\tcafé\n", "ok\r\n\r\n", "\u{AD}", "a\r\u{1B}"]
        for text in samples {
            let escaped = TerminalText.escapedKeepingLayout(text)
            #expect(TerminalText.needsEscapes(keepingLayout: text) == (escaped != text), "\(text.debugDescription)")
            #expect(TerminalText.visibleKeepingLayout(text) == escaped, "\(text.debugDescription)")
        }
    }
}

/// `simulate` changes a tenant for good: an Administrator's act, audited, off on real tenants.
@Suite("Simulation gate")
struct SimulationGateTests {
    @Test("Help desk and read only operators cannot move the clock or a device; each refusal is audited as denied",
          arguments: ["helpdesk@contoso.com", "reader@contoso.com", "stranger@example.com"])
    func refusedByRole(upn: String) throws {
        let phone = Fixtures.device(.iOS, .appleDeviceEnrollment, "18.1")
        let tenant = try TemporaryStore(seededWith: [phone])
        let simulator = Simulator(store: tenant.store)
        #expect(throws: SimulationRefusal.self) { try simulator.advance(by: 2 * 365 * Fixtures.day, by: upn) }
        #expect(throws: SimulationRefusal.self) { try simulator.setOnline(deviceId: phone.id, false, by: upn) }
        #expect(throws: SimulationRefusal.self) { try simulator.checkIn(deviceId: phone.id, by: upn) }
        #expect(throws: SimulationRefusal.self) { try simulator.portalRetire(deviceId: phone.id, by: upn) }
        #expect(try tenant.store.now() == Fixtures.now, "the clock did not move")
        #expect(try tenant.store.device(id: phone.id)?.isOnline == phone.isOnline)
        let entries = try tenant.entriesSinceSetUp()
        #expect(entries.count == 4)
        #expect(entries.allSatisfy { $0.result == .denied && $0.actor == upn })
        #expect(entries.last?.activity == "advance TenantClock")
    }

    @Test("An Administrator's clock move is audited with the time before and after")
    func clockAudited() throws {
        let tenant = try TemporaryStore()
        _ = try Simulator(store: tenant.store).advance(by: 8 * RuleDurations.hour, by: "admin@contoso.com")
        let entry = try #require(try tenant.entriesSinceSetUp().first)
        #expect(entry.activity == "advance TenantClock")
        #expect(entry.result == .success)
        #expect(entry.changedProperties == [ChangedProperty("clock", from: "2026-11-24T09:00:00Z", to: "2026-11-24T17:00:00Z")])
    }

    @Test("On a tenant that is not a demo, the simulator is off until an Administrator allows it (audited)")
    func offOnRealTenants() throws {
        let tenant = try TemporaryStore()
        try tenant.store.write { db in try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [SimulationGate.allowedKey]) }
        let simulator = Simulator(store: tenant.store)
        #expect(throws: SimulationRefusal.notAllowedOnTenant) { try simulator.advance(by: Fixtures.day, by: "admin@contoso.com") }
        #expect(throws: SimulationRefusal.self) { try simulator.allow(true, by: "helpdesk@contoso.com") }
        try simulator.allow(true, by: "admin@contoso.com")
        _ = try simulator.advance(by: Fixtures.day, by: "admin@contoso.com")
        #expect(try tenant.entriesSinceSetUp().map(\.activity) == ["advance TenantClock", "allow Simulation", "allow Simulation", "advance TenantClock"])
        #expect(try tenant.entriesSinceSetUp().map(\.result) == [.success, .success, .denied, .denied])
    }

    @Test("The clock moves at most 100 years at a time and never past 9999")
    func bounded() throws {
        let tenant = try TemporaryStore()
        let simulator = Simulator(store: tenant.store)
        #expect(throws: SimulationRefusal.self) { try simulator.advance(by: 99_999_999_999 * 365 * Fixtures.day, by: "admin@contoso.com") }
        #expect(throws: SimulationRefusal.self) { try simulator.set(to: Date(timeIntervalSince1970: 1e12), by: "admin@contoso.com") }
        #expect(try tenant.store.now() == Fixtures.now)
        _ = try simulator.advance(by: 30 * 365 * Fixtures.day, by: "admin@contoso.com")
        #expect(try tenant.store.now() > Fixtures.now)
    }
}

/// Every role in the store is explained by the audit log.
@Suite("Role origins")
struct RoleOriginTests {
    @Test("A role written into the store with sqlite3 is named by check; audited grants are not")
    func unexplainedRole() throws {
        let tenant = try TemporaryStore()
        #expect(try ConsistencyCheck.run(tenant.store) == [])
        try RoleService(store: tenant.store).grant(.helpDesk, to: "new.hire@contoso.com", by: "admin@contoso.com")
        #expect(try ConsistencyCheck.run(tenant.store) == [])
        try tenant.store.close()
        let queue = try DatabaseQueue(path: tenant.path)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO operator(upn, role) VALUES ('mallory@contoso.com', 'intuneAdministrator')")
            try db.execute(sql: "UPDATE operator SET role = 'intuneAdministrator' WHERE upn = 'new.hire@contoso.com'")
        }
        try queue.close()
        let problems = try ConsistencyCheck.run(try TenantStore(path: tenant.path))
        #expect(problems == [
            "operator mallory@contoso.com is Intune Administrator but no audited grant gave them any role (a role written outside mdmconsole?)",
            "operator new.hire@contoso.com is Intune Administrator but the audit log last gave them Help Desk Operator (a role written outside mdmconsole?)",
        ])
    }

    @Test("A demo tenant's operators each have their audited grant, so check passes")
    func demoRolesExplained() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-roles-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("demo.sqlite").path
        try DemoTenant.build(at: path, options: DemoTenant.Options(deviceCount: 40, now: Fixtures.now, creator: "ana@contoso.com"), replace: false)
        let store = try TenantStore(path: path)
        #expect(try ConsistencyCheck.run(store) == [])
        let grants = try store.auditEntries(AuditQuery(activity: "grant RoleAssignment"))
        #expect(Set(grants.flatMap(\.changedProperties).map(\.name)).isSuperset(of: ["role of ana@contoso.com", "role of \(DemoTenant.helpDeskOperator)"]))
    }
}

/// Files that are not a tenant are never replaced, and a replaced store is noticed.
@Suite("Store replacement")
struct StoreReplacementTests {
    func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-replace-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("demo --force refuses another program's database and a text file, and leaves them as they were")
    func foreignFilesKept() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = folder.appendingPathComponent("notes.txt").path
        try "my notes\n".write(toFile: text, atomically: true, encoding: .utf8)
        let foreign = folder.appendingPathComponent("other.db").path
        let queue = try DatabaseQueue(path: foreign)
        try queue.write { db in try db.execute(sql: "CREATE TABLE customer(name TEXT); INSERT INTO customer VALUES ('x')") }
        try queue.close()
        let foreignBytes = try Data(contentsOf: URL(fileURLWithPath: foreign))
        let options = DemoTenant.Options(deviceCount: 0, now: Fixtures.now, creator: "ana@contoso.com")
        #expect(throws: StoreError.self) { try DemoTenant.build(at: text, options: options, replace: true) }
        #expect(throws: StoreError.foreignDatabase(path: foreign)) { try DemoTenant.build(at: foreign, options: options, replace: true) }
        #expect(try String(contentsOfFile: text, encoding: .utf8) == "my notes\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: foreign)) == foreignBytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["notes.txt", "other.db"])
    }

    @Test("A store replaced while open refuses to write into the deleted file and says so")
    func replacedWhileOpen() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("tenant.sqlite").path
        let options = DemoTenant.Options(deviceCount: 0, now: Fixtures.now, creator: "ana@contoso.com")
        try DemoTenant.build(at: path, options: options, replace: false)
        let open = try TenantStore(path: path)
        try open.checkInPlace()
        try DemoTenant.build(at: path, options: options, replace: true)
        #expect(throws: StoreError.replaced(path: path)) { try open.checkInPlace() }
        #expect(throws: StoreError.replaced(path: path)) { try open.revision() }
        #expect(throws: StoreError.replaced(path: path)) {
            try Simulator(store: open).advance(by: Fixtures.day, by: "ana@contoso.com")
        }
    }

    @Test("Demo sizes are exact, bounded, and 0 devices keeps the clock at --now", arguments: [0, DemoTenant.minimumDevices, 50])
    func exactSizes(count: Int) throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("demo.sqlite").path
        try DemoTenant.build(at: path, options: DemoTenant.Options(deviceCount: count, now: Fixtures.now, creator: "ana@contoso.com"), replace: false)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["demo.sqlite"], "no temporary file or companion left")
        let store = try TenantStore(path: path)
        #expect(try store.deviceCount() == count)
        #expect(try store.now() == Fixtures.now)
    }

    @Test("Demo sizes that cannot be made are refused before anything is written", arguments: [1, DemoTenant.minimumDevices - 1, -1, Int.max])
    func refusedSizes(count: Int) throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("demo.sqlite").path
        #expect(throws: StoreError.self) {
            try DemoTenant.build(at: path, options: DemoTenant.Options(deviceCount: count, now: Fixtures.now, creator: "ana@contoso.com"), replace: false)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
