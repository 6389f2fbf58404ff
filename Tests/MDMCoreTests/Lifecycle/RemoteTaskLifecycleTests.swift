import Foundation
import Testing
@testable import MDMCore

/// The everyday remote tasks on the simulated tenant's clock: pending until the device
/// checks in, then what each leaves on the device (R27–R35), and what wins (R36).
@Suite("Everyday remote tasks: lifecycle")
struct RemoteTaskLifecycleTests {
    static let admin = "admin@contoso.com"
    static let hour = RuleDurations.hour

    @discardableResult
    func take(_ action: DeviceAction, _ device: Device, in tenant: TemporaryStore, _ input: [String: String] = [:],
              by upn: String = admin) throws -> ActionRecord {
        var request = ActionRequest(action: action, deviceId: device.id, operatorUPN: upn, typedName: device.name, acknowledged: true)
        request.options = input
        guard case .taken(let record, _, _) = try ActionService(store: tenant.store).take(request) else {
            throw StoreError.invalid("\(action) was greyed")
        }
        return record
    }

    func advance(_ tenant: TemporaryStore, hours: Double) throws {
        _ = try Simulator(store: tenant.store).advance(by: hours * Self.hour, by: Self.admin)
    }

    func state(_ record: ActionRecord, in tenant: TemporaryStore) throws -> ActionRecord {
        try #require(try tenant.store.actions(deviceId: record.deviceId).first { $0.id == record.id })
    }

    @Test("R30–R32: I lost my phone: Lost Mode with a message, at check-in in Lost Mode; Locate shows a position 24 hours; Disable ends it")
    func lostPhone() throws {
        let phone = Fixtures.supervisedIPhone()
        let tenant = try TemporaryStore(seededWith: [phone])
        let enable = try take(.enableLostMode, phone, in: tenant, ["message": "Lost. Call Contoso IT.", "phoneNumber": "+33 1 70 00 12 34"],
                              by: "helpdesk@contoso.com")
        #expect(enable.state == .pending && enable.input["message"] == "Lost. Call Contoso IT.")
        #expect(try tenant.store.device(id: phone.id)?.lostMode == nil, "not in Lost Mode before it checks in")
        var overview = try #require(try tenant.store.overview(deviceId: phone.id, operatorUPN: "helpdesk@contoso.com"))
        #expect(overview.availability.first { $0.action == .enableLostMode }?.rule == .r20, "a second one while pending")
        try advance(tenant, hours: 8)
        #expect(try state(enable, in: tenant).state == .done)
        let lost = try #require(try tenant.store.device(id: phone.id)?.lostMode)
        #expect(lost.message == "Lost. Call Contoso IT." && lost.phoneNumber == "+33 1 70 00 12 34")
        overview = try #require(try tenant.store.overview(deviceId: phone.id, operatorUPN: "helpdesk@contoso.com"))
        #expect(overview.remoteTaskFindings.first?.label == "Lost Mode")
        #expect(overview.availability.first { $0.action == .locateDevice }?.enabled == true, "R32: Locate now works")
        #expect(overview.availability.first { $0.action == .playLostModeSound }?.enabled == true, "R31: the sound too")

        let locate = try take(.locateDevice, phone, in: tenant, by: "helpdesk@contoso.com")
        try advance(tenant, hours: 8)
        #expect(try state(locate, in: tenant).state == .done)
        overview = try #require(try tenant.store.overview(deviceId: phone.id, operatorUPN: "helpdesk@contoso.com"))
        let location = try #require(overview.device.visibleLocation(at: overview.now))
        #expect(abs(location.latitude - 48.85) < 0.1 && location.horizontalAccuracy >= 5)
        #expect(overview.remoteTaskFindings.contains { $0.label == "Location" })
        // Shown 24 hours from when it was found (at the check-in an hour ago), then gone.
        try advance(tenant, hours: 22)
        #expect(try #require(try tenant.store.overview(deviceId: phone.id, operatorUPN: "helpdesk@contoso.com")).remoteTaskFindings.contains { $0.label == "Location" })
        try advance(tenant, hours: 3)
        #expect(!(try #require(try tenant.store.overview(deviceId: phone.id, operatorUPN: "helpdesk@contoso.com")).remoteTaskFindings.contains { $0.label == "Location" }))

        let disable = try take(.disableLostMode, phone, in: tenant, by: "helpdesk@contoso.com")
        try advance(tenant, hours: 8)
        #expect(try state(disable, in: tenant).state == .done)
        #expect(try tenant.store.device(id: phone.id)?.lostMode == nil)
        // Every step audited as the help desk took it, the message with it.
        let entries = try tenant.store.auditEntries(AuditQuery(device: phone.id))
        #expect(entries.filter { $0.actor == "helpdesk@contoso.com" }.count == 3)
        #expect(entries.contains { $0.activity == "enableLostMode ManagedDevice" && $0.changedProperties.contains(ChangedProperty("message", from: "", to: "Lost. Call Contoso IT.")) })
    }

    @Test("R29: a Mac's unlock PIN is shown 30 days or until another action; a second lock fails; the PIN is never in the audit log")
    func macPin() throws {
        let mac = Fixtures.device(.macOS, .appleAutomatedEnrollment, "15.2") { $0.isSupervised = true }
        let tenant = try TemporaryStore(seededWith: [mac])
        let lock = try take(.remoteLock, mac, in: tenant, ["unlockPin": "246810"])
        #expect(lock.temporaryPasscode == "246810")
        try advance(tenant, hours: 8)
        var overview = try #require(try tenant.store.overview(deviceId: mac.id, operatorUPN: "admin@contoso.com"))
        #expect(overview.unlockPin?.code == "246810")
        let entry = try #require(try tenant.store.auditEntries(AuditQuery(activity: "remoteLock")).first)
        #expect(entry.changedProperties.contains(ChangedProperty("unlockPin", from: "", to: "(set)")))
        #expect(!entry.changedProperties.contains { $0.newValue.contains("246810") })
        // Locking again while that PIN is shown fails at the check-in.
        let again = try take(.remoteLock, mac, in: tenant)
        #expect(again.temporaryPasscode?.count == 6, "a PIN is made when none is typed")
        try advance(tenant, hours: 8)
        #expect(try state(again, in: tenant).state == .failed)
        // A sync is not "another action"; a restart is.
        try take(.sync, mac, in: tenant)
        #expect(try #require(try tenant.store.overview(deviceId: mac.id, operatorUPN: "admin@contoso.com")).unlockPin?.code == "246810")
        try take(.restart, mac, in: tenant)
        overview = try #require(try tenant.store.overview(deviceId: mac.id, operatorUPN: "admin@contoso.com"))
        #expect(overview.unlockPin == nil)
    }

    @Test("R35: a diagnostics upload is kept 28 days and at most 10; a request not received within 24 hours fails")
    func diagnostics() throws {
        let laptop = Fixtures.device(.windows, .windowsMDM, "10.0.26100")
        let offline = Fixtures.device(.windows, .windowsMDM, "10.0.22631") { $0.id = "offline"; $0.name = "OFFLINE-1"; $0.isOnline = false }
        let tenant = try TemporaryStore(seededWith: [laptop, offline])
        for _ in 0..<11 {
            try take(.collectDiagnostics, laptop, in: tenant)
            try take(.sync, laptop, in: tenant)
        }
        var device = try #require(try tenant.store.device(id: laptop.id))
        #expect(device.diagnostics.count == 10, "the oldest of eleven went")
        let overview = try #require(try tenant.store.overview(deviceId: laptop.id, operatorUPN: "admin@contoso.com"))
        #expect(overview.remoteTaskFindings.contains { $0.label == "Diagnostics" && $0.value.hasPrefix("10 uploads kept") })
        try advance(tenant, hours: 28 * 24 + 1)
        device = try #require(try tenant.store.device(id: laptop.id))
        #expect(device.keptDiagnostics(at: try tenant.store.now()).isEmpty, "kept 28 days")

        let late = try take(.collectDiagnostics, offline, in: tenant)
        try advance(tenant, hours: 30)
        _ = try Simulator(store: tenant.store).setOnline(deviceId: offline.id, true, by: Self.admin)
        _ = try Simulator(store: tenant.store).checkIn(deviceId: offline.id, by: Self.admin)
        #expect(try state(late, in: tenant).state == .failed)
        #expect(try tenant.store.device(id: offline.id)?.diagnostics.isEmpty == true)
    }

    @Test("R36: at the check-in a pending wipe is carried out alone; the actions sent before it end canceled, saying why")
    func wipeWins() throws {
        let laptop = Fixtures.device(.windows, .windowsMDM, "10.0.26100")
        let tenant = try TemporaryStore(seededWith: [laptop])
        let restart = try take(.restart, laptop, in: tenant)
        let rename = try take(.rename, laptop, in: tenant, ["deviceName": "LAPTOP-NEW"])
        try take(.wipe, laptop, in: tenant)
        try advance(tenant, hours: 8)
        for record in [restart, rename] {
            let ended = try state(record, in: tenant)
            #expect(ended.state == .canceled && ended.detail.contains("took precedence"), "\(ended.detail)")
        }
        let device = try #require(try tenant.store.device(id: laptop.id))
        #expect(device.managementState == .wiped && device.name == laptop.name, "the rename was not carried out")
    }

    @Test("R27, R28, R33: restart and rename take effect at the check-in; a shut down device goes offline")
    func restartRenameShutDown() throws {
        let laptop = Fixtures.device(.windows, .windowsMDM, "10.0.26100")
        let mac = Fixtures.device(.macOS, .appleAutomatedEnrollment, "15.2") { $0.isSupervised = true }
        let tenant = try TemporaryStore(seededWith: [laptop, mac])
        let rename = try take(.rename, laptop, in: tenant, ["deviceName": "LAPTOP-ANA", "restartAfterRename": "true"])
        #expect(try tenant.store.device(id: laptop.id)?.name == laptop.name, "not before the check-in")
        let restart = try take(.restart, laptop, in: tenant)
        try take(.shutDown, mac, in: tenant)
        try advance(tenant, hours: 8)
        #expect(try tenant.store.device(id: laptop.id)?.name == "LAPTOP-ANA")
        #expect(try state(rename, in: tenant).detail.contains("then restarted"))
        #expect(try state(restart, in: tenant).state == .done)
        #expect(try tenant.store.device(id: mac.id)?.isOnline == false)
    }

    @Test("R34: a notification is done when sent; the eleventh in an hour is greyed; inputs are checked by the action path itself")
    func notifications() throws {
        let phone = Fixtures.device(.iOS, .appleDeviceEnrollment, "18.1")
        let tenant = try TemporaryStore(seededWith: [phone])
        let input = ["notificationTitle": "IT", "notificationBody": "Please bring your phone to the help desk."]
        for _ in 0..<10 { #expect(try take(.sendCustomNotification, phone, in: tenant, input).state == .done) }
        var request = ActionRequest(action: .sendCustomNotification, deviceId: phone.id, operatorUPN: Self.admin)
        request.options = input
        guard case .refused(let verdict) = try ActionService(store: tenant.store).take(request) else { Issue.record("the 11th was sent"); return }
        #expect(verdict.rule == .r34)
        try advance(tenant, hours: 1)
        #expect(try take(.sendCustomNotification, phone, in: tenant, input).state == .done, "an hour later")
        request.options = ["notificationTitle": "IT"]
        #expect(throws: ActionError.self) { try ActionService(store: tenant.store).take(request) }
        #expect(try tenant.store.actions(deviceId: phone.id).count == 11, "nothing recorded for a refused input")
    }

    @Test("R26: the limit counts every door, and a bulk preview greys past it")
    func dailyLimitCounted() throws {
        let devices = (0..<4).map { index in
            Fixtures.device(.windows, .windowsMDM, "10.0.26100") { $0.id = "w\(index)"; $0.name = "LAPTOP-\(index)" }
        }
        let tenant = try TemporaryStore(seededWith: devices)
        // 498 wipes earlier today, from any door.
        try tenant.store.write { db in
            for index in 0..<498 {
                try ActionRecord(id: "old-\(index)", action: .wipe, deviceId: "gone-\(index)", deviceName: "gone", platform: .windows, state: .done,
                                 issuedAt: Fixtures.now.addingTimeInterval(-3600), updatedAt: Fixtures.now, initiatedBy: "x", source: .console).insert(db)
            }
            // Yesterday's do not count.
            try ActionRecord(id: "yesterday", action: .wipe, deviceId: "gone", deviceName: "gone", platform: .windows, state: .done,
                             issuedAt: Fixtures.now.addingTimeInterval(-10 * 3600), updatedAt: Fixtures.now, initiatedBy: "x", source: .console).insert(db)
        }
        #expect(try tenant.store.usage().today[.wipe] == 498)
        let preview = try BulkPreview.compute(tenant.store, action: .wipe, selection: .ids(devices.map(\.id)), operatorUPN: Self.admin)
        #expect(preview.takeable == 2 && preview.groups.first?.rule == .r26 && preview.groups.first?.count == 2)
        try take(.wipe, devices[0], in: tenant)
        try take(.wipe, devices[1], in: tenant)
        var request = ActionRequest(action: .wipe, deviceId: devices[2].id, operatorUPN: Self.admin, typedName: devices[2].name)
        request.acknowledged = true
        guard case .refused(let verdict) = try ActionService(store: tenant.store).take(request) else { Issue.record("the 501st wipe was taken"); return }
        #expect(verdict.rule == .r26 && verdict.reason?.contains("500 wipes today") == true)
        // The next day the count starts again.
        try advance(tenant, hours: 15)
        #expect(try tenant.store.usage().today[.wipe] == nil)
    }

    @Test("R25: a delete's audit entry says what was sent: a wipe to a fully managed phone, a retire to a laptop")
    func deleteSent() throws {
        let phone = Fixtures.device(.android, .androidFullyManaged, "14")
        let laptop = Fixtures.device(.windows, .windowsMDM, "10.0.26100")
        let tenant = try TemporaryStore(seededWith: [phone, laptop])
        let deletedPhone = try take(.delete, phone, in: tenant)
        let deletedLaptop = try take(.delete, laptop, in: tenant)
        #expect(deletedPhone.detail.contains("factory wipe") && deletedLaptop.detail.contains("sent a retire"))
        let entries = try tenant.store.auditEntries(AuditQuery(activity: "Delete"))
        #expect(entries.contains { $0.deviceId == phone.id && $0.changedProperties.contains(ChangedProperty("sentToDevice", from: "", to: "wipe")) })
        #expect(entries.contains { $0.deviceId == laptop.id && $0.changedProperties.contains(ChangedProperty("sentToDevice", from: "", to: "retire")) })
    }

    @Test("R33: a bulk rename previews every name, greying invalid names and clashes; the run gives each device its name")
    func bulkRename() throws {
        var devices = (0..<3).map { index in
            Fixtures.device(.windows, .windowsMDM, "10.0.26100") { $0.id = "w\(index)"; $0.name = "DESKTOP-\(index)"; $0.serialNumber = "SN\(index)" }
        }
        devices.append(Fixtures.device(.windows, .windowsMDM, "10.0.26100") { $0.id = "w3"; $0.name = "DESKTOP-3"; $0.serialNumber = "SN0" })
        devices.append(Fixtures.device(.windows, .windowsMDM, "10.0.26100") { $0.id = "w4"; $0.name = "DESKTOP-4"; $0.serialNumber = "S N" })
        let tenant = try TemporaryStore(seededWith: devices)
        let selection = BulkSelection.ids(devices.map(\.id))
        #expect(throws: BulkError.self) {
            try BulkRunner(store: tenant.store).run(.rename, selection: selection, operatorUPN: Self.admin, confirmCount: nil, options: ["deviceName": "LAPTOP"])
        }
        let input = ["deviceName": "LAPTOP-{{serialnumber}}"]
        let preview = try BulkPreview.compute(tenant.store, action: .rename, selection: selection, operatorUPN: Self.admin, input: input)
        #expect(preview.takeable == 3)
        #expect(preview.groups.map(\.rule) == [.r33] && preview.groups[0].count == 2)
        var reasons: [String] = []
        try BulkPreview.forEachVerdict(tenant.store, action: .rename, selection: selection, operatorUPN: Self.admin, input: input) { _, verdict in
            if let reason = verdict.reason { reasons.append(reason) }
        }
        #expect(reasons.contains { $0.contains("\"LAPTOP-SN0\" is also given to DESKTOP-0") })
        #expect(reasons.contains { $0.contains("\"LAPTOP-S N\"") && $0.contains("space") })
        let summary = try BulkRunner(store: tenant.store).run(.rename, selection: selection, operatorUPN: Self.admin, confirmCount: nil, options: input)
        #expect(summary.taken == 3 && summary.greyed == 2)
        try advance(tenant, hours: 8)
        #expect(try tenant.store.device(id: "w1")?.name == "LAPTOP-SN1")
        // {{rand:x}} gives the same digits in the preview and the run, different per device.
        let random = BulkInput.name("PC-{{rand:5}}", for: devices[0])
        #expect(random == BulkInput.name("PC-{{rand:5}}", for: devices[0]) && random != BulkInput.name("PC-{{rand:5}}", for: devices[1]))
        #expect(random.count == 8 && random.dropFirst(3).allSatisfy(\.isNumber))
        #expect(throws: BulkError.notBulk(action: .enableLostMode)) {
            try BulkRunner(store: tenant.store).run(.enableLostMode, selection: selection, operatorUPN: Self.admin, confirmCount: nil)
        }
    }
}
