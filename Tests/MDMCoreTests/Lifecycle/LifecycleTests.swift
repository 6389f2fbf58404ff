import Foundation
import GRDB
import Testing
@testable import MDMCore

/// R13–R17, R20: actions move through their states as the clock passes and devices check in.
@Suite("Action lifecycle")
struct LifecycleTests {
    static let admin = "admin@contoso.com"

    func take(_ action: DeviceAction, _ device: Device, in tenant: TemporaryStore, by upn: String = admin) throws -> ActionOutcome {
        try ActionService(store: tenant.store).take(
            ActionRequest(action: action, deviceId: device.id, operatorUPN: upn, typedName: device.name, acknowledged: true))
    }

    func record(_ outcome: ActionOutcome) -> ActionRecord? {
        if case .taken(let record, _, _) = outcome { return record }
        return nil
    }

    @Test("R13, R20: a retire stays pending until the device checks in, then is done and the device retired")
    func retirePendingUntilCheckIn() throws {
        let phone = Fixtures.device(.iOS, .appleDeviceEnrollment, "18.1")
        let tenant = try TemporaryStore(seededWith: [phone])
        let sent = try #require(record(try take(.retire, phone, in: tenant)))
        #expect(sent.state == .pending)
        #expect(try tenant.store.device(id: phone.id)?.managementState == .retirePending)
        // Within the 8-hour schedule nothing happens yet.
        let early = try Simulator(store: tenant.store).advance(by: 4 * RuleDurations.hour, by: "admin@contoso.com")
        #expect(early.actionsCompleted.isEmpty)
        #expect(try tenant.store.actions(deviceId: phone.id).first?.state == .pending)
        // The next scheduled check-in delivers it.
        _ = try Simulator(store: tenant.store).advance(by: 8 * RuleDurations.hour, by: "admin@contoso.com")
        let after = try #require(try tenant.store.device(id: phone.id))
        #expect(after.managementState == .retired)
        #expect(try tenant.store.actions(deviceId: phone.id).first?.state == .done)
        // R10, R11: only the user's own apps remain.
        #expect(after.apps.map(\.name) == ["Spotify"])
    }

    @Test("R13, R14, R15: an offline device's retire stays pending past certificate expiry; then no check-in; then removed by the service")
    func offlineRetireThroughCleanup() throws {
        let phone = Fixtures.device(.iOS, .appleDeviceEnrollment, "18.1") { device in
            device.isOnline = false
            device.certificateExpiresAt = Fixtures.now.addingTimeInterval(330 * Fixtures.day)
        }
        let tenant = try TemporaryStore(seededWith: [phone])
        let sent = try #require(record(try take(.retire, phone, in: tenant)))
        let simulator = Simulator(store: tenant.store)
        _ = try simulator.advance(by: 395 * Fixtures.day, by: "admin@contoso.com")  // about 13 months
        #expect(try tenant.store.device(id: phone.id)?.managementState == .retirePending)
        #expect(throws: LifecycleError.self) { try simulator.checkIn(deviceId: phone.id, by: "admin@contoso.com") }
        let greyed = try #require(try tenant.store.overview(deviceId: phone.id, operatorUPN: "admin@contoso.com"))
        #expect(greyed.availability.first { $0.action == .sync }?.rule == .r14)

        let report = try simulator.advance(by: 180 * Fixtures.day, by: "admin@contoso.com")
        #expect(report.devicesRemoved == [phone.name])
        #expect(try tenant.store.device(id: phone.id) == nil)
        let removal = try #require(try tenant.store.auditEntries(AuditQuery(device: phone.id)).first)
        #expect(removal.actor == AuditEntry.serviceActor)
        #expect(removal.actorType == .service)
        #expect(removal.activity == "Delete ManagedDevice")
        #expect(removal.time == phone.certificateExpiresAt.addingTimeInterval(180 * Fixtures.day))
        #expect(try tenant.store.actions(forDeviceIdOrName: phone.id).first { $0.id == sent.id }?.state == .failed)
    }

    @Test("R14: the certificate is valid one year from enrollment: a minute before it checks in, a minute after it cannot")
    func certificateOneYear() throws {
        let enrolled = Fixtures.now.addingTimeInterval(-365 * Fixtures.day)
        let phone = Fixtures.device(.iOS, .appleDeviceEnrollment, "18.1") { device in
            device.enrolledAt = enrolled
            device.lastCheckInAt = enrolled
            device.certificateExpiresAt = Certificate.firstExpiry(enrolledAt: enrolled)
        }
        #expect(phone.certificateExpiresAt == Fixtures.now)
        #expect(!Certificate.isExpired(phone, at: Fixtures.now.addingTimeInterval(-Fixtures.minute)))
        #expect(Certificate.isExpired(phone, at: Fixtures.now.addingTimeInterval(Fixtures.minute)))

        let before = try TemporaryStore(seededWith: [phone], now: Fixtures.now.addingTimeInterval(-Fixtures.minute))
        let renewed = try Simulator(store: before.store).checkIn(deviceId: phone.id, by: "admin@contoso.com")
        #expect(renewed.certificateExpiresAt > Fixtures.now.addingTimeInterval(300 * Fixtures.day), "R14: a check-in before expiry renews for a year")

        let after = try TemporaryStore(seededWith: [phone], now: Fixtures.now.addingTimeInterval(Fixtures.minute))
        #expect(throws: LifecycleError.certificateExpired(deviceName: phone.name, expiredAt: DateText.short(phone.certificateExpiresAt))) {
            try Simulator(store: after.store).checkIn(deviceId: phone.id, by: "admin@contoso.com")
        }
    }

    @Test("R14: an online device checking in every 8 hours keeps its certificate for years")
    func onlineDevicesRenew() throws {
        let laptop = Fixtures.device(.windows, .windowsMDM, "10.0.22631")
        let tenant = try TemporaryStore(seededWith: [laptop])
        let report = try Simulator(store: tenant.store).advance(by: 3 * 365 * Fixtures.day, by: "admin@contoso.com")
        #expect(report.devicesRemoved.isEmpty)
        let after = try #require(try tenant.store.device(id: laptop.id))
        #expect(after.certificateExpiresAt > Fixtures.now.addingTimeInterval(3 * 365 * Fixtures.day))
        #expect(Fixtures.now.addingTimeInterval(3 * 365 * Fixtures.day).timeIntervalSince(after.lastCheckInAt) < RuleDurations.checkInInterval)
    }

    @Test("R15: cleanup happens 180 days after expiry: a minute before the device is there, a minute after it is gone")
    func cleanupBoundary() throws {
        let expiry = Fixtures.now.addingTimeInterval(10 * Fixtures.day)
        let laptop = Fixtures.device(.windows, .windowsMDM, "10.0.19045") { device in
            device.isOnline = false
            device.certificateExpiresAt = expiry
        }
        let tenant = try TemporaryStore(seededWith: [laptop])
        let simulator = Simulator(store: tenant.store)
        _ = try simulator.set(to: expiry.addingTimeInterval(180 * Fixtures.day - Fixtures.minute), by: "admin@contoso.com")
        #expect(try tenant.store.device(id: laptop.id) != nil)
        _ = try simulator.advance(by: 2 * Fixtures.minute, by: "admin@contoso.com")
        #expect(try tenant.store.device(id: laptop.id) == nil)
    }

    @Test("R16: a wipe pending for a week or more suggests deleting the device")
    func wipePendingLong() throws {
        let phone = Fixtures.device(.android, .androidFullyManaged, "13") { $0.isOnline = false }
        let tenant = try TemporaryStore(seededWith: [phone])
        _ = try take(.wipe, phone, in: tenant)
        _ = try Simulator(store: tenant.store).advance(by: 7 * Fixtures.day - Fixtures.minute, by: "admin@contoso.com")
        #expect(try tenant.store.overview(deviceId: phone.id, operatorUPN: "admin@contoso.com")?.wipePendingLong == nil)
        _ = try Simulator(store: tenant.store).advance(by: 2 * Fixtures.minute, by: "admin@contoso.com")
        let overview = try #require(try tenant.store.overview(deviceId: phone.id, operatorUPN: "admin@contoso.com"))
        #expect(overview.wipePendingLong?.contains("delete the device") == true)
        #expect(overview.availability.first { $0.action == .delete }?.notes.contains { $0.rule == .r16 } == true)
    }

    @Test("R17: delete removes the record at once, cancels what was pending, and is audited")
    func deleteRemovesRecord() throws {
        let phone = Fixtures.device(.android, .androidFullyManaged, "13") { $0.isOnline = false }
        let tenant = try TemporaryStore(seededWith: [phone])
        _ = try take(.wipe, phone, in: tenant)
        let deleted = try #require(record(try take(.delete, phone, in: tenant)))
        #expect(deleted.state == .done)
        #expect(try tenant.store.device(id: phone.id) == nil)
        #expect(try tenant.store.actions(forDeviceIdOrName: phone.id).first { $0.action == .wipe }?.state == .canceled)
        #expect(try tenant.store.auditEntries(AuditQuery(activity: "Delete")).first?.actor == Self.admin)
    }

    @Test("R7, R20: a work profile reset without a token ends Not supported at check-in, with the diagnosis")
    func resetWithoutTokenEndsNotSupported() throws {
        let phone = Fixtures.workProfile("8.1", policy: true, passcodeSet: true, promptAccepted: false)
        let tenant = try TemporaryStore(seededWith: [phone])
        _ = try take(.resetPasscode, phone, in: tenant)
        try Simulator(store: tenant.store).checkIn(deviceId: phone.id, by: "admin@contoso.com")
        let reset = try #require(try tenant.store.actions(deviceId: phone.id).first)
        #expect(reset.state == .notSupported)
        #expect(reset.detail.contains("(3)"))
        #expect(reset.temporaryPasscode == nil)
    }

    @Test("R23: an Android reset shows the temporary passcode for 7 days, then no more")
    func temporaryPasscodeVisibleSevenDays() throws {
        let phone = Fixtures.device(.android, .androidFullyManaged, "13")
        let tenant = try TemporaryStore(seededWith: [phone])
        _ = try take(.resetPasscode, phone, in: tenant)
        try Simulator(store: tenant.store).checkIn(deviceId: phone.id, by: "admin@contoso.com")
        let done = try #require(try tenant.store.actions(deviceId: phone.id).first)
        #expect(done.state == .done)
        #expect(done.visibleTemporaryPasscode(at: Fixtures.now.addingTimeInterval(7 * Fixtures.day - Fixtures.minute))?.count == 6)
        #expect(done.visibleTemporaryPasscode(at: Fixtures.now.addingTimeInterval(7 * Fixtures.day)) == nil)
    }

    @Test("R9: removing an iPhone passcode under compliance ends done, with the new-passcode prompt explained")
    func removePasscodeIPhone() throws {
        let phone = Fixtures.device(.iOS, .appleDeviceEnrollment, "17.6.1") { $0.passcodeRequiredByCompliance = true }
        let tenant = try TemporaryStore(seededWith: [phone])
        _ = try take(.resetPasscode, phone, in: tenant)
        try Simulator(store: tenant.store).checkIn(deviceId: phone.id, by: "admin@contoso.com")
        let done = try #require(try tenant.store.actions(deviceId: phone.id).first)
        #expect(done.state == .done)
        #expect(done.detail.contains("asks the user to set a new one"))
    }

    @Test("R2: taking Bypass Activation Lock issues a fresh code valid 15 days, done at once")
    func bypassIssuesFreshCode() throws {
        let phone = Fixtures.supervisedIPhone(codeAge: 10 * Fixtures.day)
        let tenant = try TemporaryStore(seededWith: [phone])
        guard case .taken(let record, let device, let code) = try take(.bypassActivationLock, phone, in: tenant) else {
            Issue.record("bypass was refused"); return
        }
        #expect(record.state == .done)
        #expect(code != nil && code != phone.activationLockBypassCode)
        #expect(device?.activationLockBypassCodeIssuedAt == Fixtures.now)
        #expect(BypassCode.visibleCode(try #require(device), at: Fixtures.now.addingTimeInterval(15 * Fixtures.day - Fixtures.minute)) == code)
    }

    @Test("Sync makes an online device check in at once and deliver what was pending")
    func syncDelivers() throws {
        let phone = Fixtures.device(.android, .androidDeviceAdministrator, "6.0")
        let tenant = try TemporaryStore(seededWith: [phone])
        _ = try take(.retire, phone, in: tenant)
        _ = try take(.sync, phone, in: tenant)
        #expect(try tenant.store.device(id: phone.id)?.managementState == .retired)
        #expect(try tenant.store.actions(deviceId: phone.id).allSatisfy { $0.state == .done })
    }

    @Test("The clock never goes back")
    func clockForwardOnly() throws {
        let tenant = try TemporaryStore()
        #expect(throws: StoreError.self) { try Simulator(store: tenant.store).set(to: Fixtures.now.addingTimeInterval(-60), by: "admin@contoso.com") }
        #expect(try tenant.store.now() == Fixtures.now)
    }
}
