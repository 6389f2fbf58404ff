import Foundation
import Testing
@testable import MDMCore

/// Importing the fixtures built from the documented shapes, and what the rules then say.
@Suite("Import: Graph JSON and portal CSV")
struct ImportTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        return [UInt8](try Data(contentsOf: url))
    }

    static func devices(_ name: String, format: ImportFormat? = nil) throws -> [String: Device] {
        let (_, devices) = try InventoryImport.read(try fixture(name), file: name, format: format, now: Fixtures.now)
        return Dictionary(uniqueKeysWithValues: devices.map { ($0.name, $0) })
    }

    @Test("Graph: a response object with @odata keys is read, formats guessed from content")
    func graphResponse() throws {
        let (format, devices) = try InventoryImport.read(try Self.fixture("graph-managedDevices.json"), file: "f", format: nil, now: Fixtures.now)
        #expect(format == .graph)
        #expect(devices.count == 7)
        let (bareFormat, bare) = try InventoryImport.read(try Self.fixture("graph-bare-array.json"), file: "f", format: nil, now: Fixtures.now)
        #expect(bareFormat == .graph)
        #expect(bare.map(\.managementType) == [.appleDeviceEnrollment, .androidFullyManaged])
        #expect(bare[0].platform == .iPadOS)
    }

    @Test("Graph: the Android management type comes from deviceEnrollmentType, deviceType and managementAgent")
    func androidMapping() throws {
        let devices = try Self.devices("graph-managedDevices.json")
        #expect(devices["Lina's Pixel"]?.managementType == .androidWorkProfile)
        #expect(devices["Warehouse scanner 7"]?.managementType == .androidDeviceAdministrator)
        #expect(devices["Kiosk lobby tablet"]?.managementType == .androidDedicated)
        #expect(devices["Noah's personal iPhone"]?.managementType == .appleUserEnrollment)
        #expect(devices["Front desk iPhone"]?.managementType == .appleAutomatedEnrollment)
        #expect(devices["Design MacBook"]?.managementType == .appleAutomatedEnrollment)
        #expect(devices["DESKTOP-7Q2L9, finance"]?.managementType == .windowsMDM)
    }

    @Test("Graph: properties, the mdmconsole object, kept inventory, and Graph's zero date read as none")
    func graphProperties() throws {
        let devices = try Self.devices("graph-managedDevices.json")
        let pixel = try #require(devices["Lina's Pixel"])
        #expect(pixel.osVersion == "8.1.0")
        #expect(pixel.ownership == .personal)
        #expect(pixel.primaryUserEmail == "lina.moreau@contoso.com")
        #expect(pixel.securityPatchLevel == "2026-10-01")
        #expect(pixel.isOnline)
        #expect(pixel.workProfilePasscodeRequiredByPolicy && !pixel.workProfilePasscodeSet && !pixel.passcodeResetPromptAccepted)
        #expect(pixel.apps.filter(\.isManaged).map(\.name) == ["Outlook", "Teams"])
        #expect(pixel.inventory["Azure AD Device ID"] == "b3f0c9aa-5b2e-4c1e-8f6b-77aa00000001")
        #expect(pixel.certificateExpiresAt == DateParsing.iso("2027-03-02T10:15:00Z"))
        let scanner = try #require(devices["Warehouse scanner 7"])
        #expect(scanner.complianceState == .noncompliant)
        #expect(!scanner.isOnline, "absent online means offline")
        #expect(!scanner.isJailbroken)
        let desktop = try #require(devices["DESKTOP-7Q2L9, finance"])
        #expect(desktop.inventory["Total storage"] == "511101108224")
        let noah = try #require(devices["Noah's personal iPhone"])
        #expect(noah.lastCheckInAt == noah.enrolledAt, "0001-01-01 is Graph's never")
    }

    @Test("R4, R7: an imported Android 8.1 work profile without a reset token: Wipe greyed, Reset passcode enabled but predicted notSupported")
    func workProfileRules() throws {
        let pixel = try #require(try Self.devices("graph-managedDevices.json")["Lina's Pixel"])
        let wipe = Fixtures.verdict(.wipe, pixel)
        #expect(!wipe.enabled)
        #expect(wipe.rule == .r4)
        let reset = Fixtures.verdict(.resetPasscode, pixel)
        #expect(reset.enabled)
        #expect(reset.predictedOutcome == .notSupported)
        #expect(reset.notes.contains { $0.rule == .r7 && $0.text.contains("set a compliant work profile passcode") })
    }

    @Test("R5, R21, R1/R3: rules on other imported devices")
    func otherRules() throws {
        let devices = try Self.devices("graph-managedDevices.json")
        #expect(Fixtures.verdict(.resetPasscode, try #require(devices["Warehouse scanner 7"])).rule == .r5)
        #expect(Fixtures.verdict(.wipe, try #require(devices["Noah's personal iPhone"])).rule == .r21)
        let frontDesk = try #require(devices["Front desk iPhone"])
        #expect(Fixtures.verdict(.bypassActivationLock, frontDesk).enabled)
        #expect(BypassCode.visibleCode(frontDesk, at: Fixtures.now) == "KP4TW-QN8XR-2HJ7M-CVB3D-9FGZL-6YEA5")
        #expect(BypassCode.visibleCode(frontDesk, at: Fixtures.now.addingTimeInterval(15 * Fixtures.day)) == nil, "R3: issued 2026-11-22, gone after 15 days")
    }

    @Test("CSV: BOM, CRLF, headers in any order, quoted commas, quotes and newlines")
    func portalCSV() throws {
        let devices = try Self.devices("portal-all-devices.csv")
        #expect(devices.count == 3)
        let ipad = try #require(devices["Sales, iPad \"Pro\""])
        #expect(ipad.platform == .iPadOS)
        #expect(ipad.managementType == .appleAutomatedEnrollment, "supervised and no JoinType: automated enrollment")
        #expect(ipad.ownership == .company)
        #expect(ipad.inventory["Category"] == "Sales\nTablets")
        let galaxy = try #require(devices["Tom's Galaxy"])
        #expect(galaxy.managementType == .androidWorkProfile)
        #expect(galaxy.complianceState == .noncompliant)
        #expect(galaxy.isOnline, "checked in 4 days before the clock")
        #expect(Fixtures.verdict(.wipe, galaxy).rule == .r4)
        let laptop = try #require(devices["LAPTOP-88"])
        #expect(laptop.complianceState == .inGracePeriod)
        #expect(!laptop.isOnline, "last check-in weeks before the clock")
        #expect(laptop.inventory["JoinType"] == "Hybrid Azure AD joined")
    }

    @Test("CSV round trip: the fixture → store → CSV gives the same rows")
    func roundTrip() throws {
        let original = try CSVRecords.parse(try Self.fixture("portal-all-devices.csv"))
        let temporary = try TemporaryStore()
        let (format, devices) = try InventoryImport.read(try Self.fixture("portal-all-devices.csv"), file: "f", format: nil, now: Fixtures.now)
        _ = try InventoryImport.apply(devices, format: format, file: "f", replace: true, to: temporary.store, by: "admin@contoso.com")
        var exported = ""
        PortalCSV.write(try temporary.store.devices(DeviceQuery())) { exported += $0 }
        let written = try CSVRecords.parse(Array(exported.utf8))
        #expect(written[0].fields == PortalCSV.headers)
        func rows(_ records: [CSVRecords.Record]) -> Set<[String: String]> {
            let header = records[0].fields
            return Set(records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0.fields)) })
        }
        #expect(rows(written) == rows(original))
    }

    @Test("Graph → CSV → import: the same devices and rule answers, but for the policy a CSV cannot carry (R1)")
    func graphToCSV() throws {
        let (_, devices) = try InventoryImport.read(try Self.fixture("graph-managedDevices.json"), file: "f", format: nil, now: Fixtures.now)
        var exported = ""
        PortalCSV.write(devices) { exported += $0 }
        let (_, again) = try InventoryImport.read(Array(exported.utf8), file: "f", format: nil, now: Fixtures.now)
        #expect(again.count == devices.count)
        for (before, after) in zip(devices, again) {
            #expect(before.managementType == after.managementType, "\(before.name)")
            #expect(before.id == after.id && before.name == after.name && before.osVersion == after.osVersion)
            let rules = { (device: Device) in
                Rules.availability(for: device, role: .administrator, now: Fixtures.now, openActions: [])
                    .filter { $0.action != .bypassActivationLock }.map(\.rule)
            }
            #expect(rules(before) == rules(after), "\(before.name)")
        }
        let frontDesk = try #require(again.first { $0.name == "Front desk iPhone" })
        #expect(Fixtures.verdict(.bypassActivationLock, frontDesk).rule == .r1, "the Activation Lock policy is not in a CSV")
    }

    @Test("Import writes devices and one audit entry; --replace removes the others and cancels their open actions")
    func applyAndReplace() throws {
        let temporary = try TemporaryStore(seededWith: [Fixtures.device(.windows, .windowsMDM, "10.0.22631")])
        let old = Fixtures.device(.windows, .windowsMDM, "10.0.22631")
        _ = try ActionService(store: temporary.store).take(ActionRequest(action: .retire, deviceId: old.id, operatorUPN: "admin@contoso.com", acknowledged: true))
        let (_, devices) = try InventoryImport.read(try Self.fixture("graph-bare-array.json"), file: "bare.json", format: nil, now: Fixtures.now)
        let added = try InventoryImport.apply(devices, format: .graph, file: "bare.json", replace: false, to: temporary.store, by: "admin@contoso.com")
        #expect(added.added == 2 && added.updated == 0)
        #expect(try temporary.store.deviceCount() == 3)
        let replaced = try InventoryImport.apply(devices, format: .graph, file: "bare.json", replace: true, to: temporary.store, by: "admin@contoso.com")
        #expect(replaced.updated == 2 && replaced.removed == 1)
        #expect(try temporary.store.deviceCount() == 2)
        #expect(try temporary.store.actions(deviceId: old.id).first?.state == .canceled)
        let entries = try temporary.store.auditEntries(AuditQuery(activity: "import"))
        #expect(entries.count == 2)
        #expect(entries.first?.actor == "admin@contoso.com")
        #expect(entries.first?.changedProperties.contains { $0.name == "devices removed" && $0.newValue == "1" } == true)
        #expect(try ConsistencyCheck.run(temporary.store).isEmpty)
        #expect(try AuditVerifier.verify(temporary.store).problem == nil)
    }

    @Test("Streamed from the file (what `import` does): the same devices as reading it whole, the same replace, the same refusal of a help desk operator",
          arguments: ["graph-managedDevices.json", "graph-bare-array.json"])
    func streamed(name: String) throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
        let whole = try TemporaryStore(seededWith: [Fixtures.device(.windows, .windowsMDM, "10.0.22631")])
        let streamedStore = try TemporaryStore(seededWith: [Fixtures.device(.windows, .windowsMDM, "10.0.22631")])
        let (_, devices) = try InventoryImport.read(try Self.fixture(name), file: name, format: nil, now: Fixtures.now)
        let expected = try InventoryImport.apply(devices, format: .graph, file: name, replace: true, to: whole.store, by: "admin@contoso.com")
        var graph = try GraphFileImport(file: path)
        #expect(graph.looksLikeGraph)
        try graph.check(now: Fixtures.now)
        #expect(graph.count == devices.count)
        #expect(throws: InventoryImport.Refusal.lacksPermission(upn: "helpdesk@contoso.com", role: .helpDesk)) {
            try graph.apply(replace: true, to: streamedStore.store, by: "helpdesk@contoso.com")
        }
        let summary = try graph.apply(replace: true, to: streamedStore.store, by: "admin@contoso.com")
        #expect(summary == expected)
        let query = DeviceQuery()
        #expect(try streamedStore.store.devices(query) == whole.store.devices(query))
        #expect(try AuditVerifier.verify(streamedStore.store).problem == nil)
        // A new tenant from the file.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-streamed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let created = try graph.createTenant(at: folder.appendingPathComponent("new.sqlite").path, creator: "admin@contoso.com", now: Fixtures.now)
        #expect(created.added == devices.count)
        #expect(try TenantStore(path: folder.appendingPathComponent("new.sqlite").path).devices(query) == (try whole.store.devices(query)).filter { devices.map(\.id).contains($0.id) })
    }

    @Test("A device or a pipe is refused before it is opened (a FIFO would block, /dev/zero never end)")
    func notRegular() throws {
        #expect {
            _ = try GraphFileImport(file: "/dev/zero")
        } throws: { error in
            (error as? ImportError)?.problems.first?.description.contains("not a regular file") == true
        }
    }

    @Test("Roles: a help desk operator cannot import; the refusal is audited as denied and nothing is written")
    func onlyAdministrators() throws {
        let temporary = try TemporaryStore()
        let (_, devices) = try InventoryImport.read(try Self.fixture("graph-bare-array.json"), file: "bare.json", format: nil, now: Fixtures.now)
        #expect(throws: InventoryImport.Refusal.lacksPermission(upn: "helpdesk@contoso.com", role: .helpDesk)) {
            try InventoryImport.apply(devices, format: .graph, file: "bare.json", replace: false, to: temporary.store, by: "helpdesk@contoso.com")
        }
        #expect(try temporary.store.deviceCount() == 0)
        #expect(try temporary.store.auditEntries().first?.result == .denied)
    }

    @Test("An existing device with an open retire keeps retirePending when the file says managed (R13)")
    func keepsPendingState() throws {
        let phone = Fixtures.device(.iOS, .appleDeviceEnrollment, "18.1")
        let temporary = try TemporaryStore(seededWith: [phone])
        _ = try ActionService(store: temporary.store).take(ActionRequest(action: .retire, deviceId: phone.id, operatorUPN: "admin@contoso.com", acknowledged: true))
        let summary = try InventoryImport.apply([phone], format: .csv, file: "f.csv", replace: false, to: temporary.store, by: "admin@contoso.com")
        #expect(summary.keptPendingState == 1)
        #expect(try temporary.store.device(id: phone.id)?.managementState == .retirePending)
        #expect(try ConsistencyCheck.run(temporary.store).isEmpty)
    }
}
