import Foundation
import GRDB
import Testing
@testable import MDMCore

/// R18, R19 and the one-transaction guarantee.
@Suite("Audit log")
struct AuditTests {
    @Test("R18: each action taken is audited with who, what, which device, when, result and changed properties")
    func actionsAreAudited() throws {
        let phone = Fixtures.device(.iOS, .appleDeviceEnrollment, "18.1")
        let tenant = try TemporaryStore(seededWith: [phone])
        guard case .taken(let record, _, _) = try ActionService(store: tenant.store).take(
            ActionRequest(action: .retire, deviceId: phone.id, operatorUPN: "helpdesk@contoso.com", acknowledged: true)) else {
            Issue.record("retire refused"); return
        }
        let entry = try #require(try tenant.store.auditEntries().first)
        #expect(entry.actor == "helpdesk@contoso.com")
        #expect(entry.actorType == .user)
        #expect(entry.activity == "retire ManagedDevice")
        #expect(entry.result == .success)
        #expect(entry.deviceId == phone.id)
        #expect(entry.deviceName == phone.name)
        #expect(entry.time == Fixtures.now)
        #expect(entry.actionId == record.id)
        #expect(entry.changedProperties == [ChangedProperty("managementState", from: "managed", to: "retirePending")])
    }

    @Test("R18: a refusal by role is audited as denied and takes nothing")
    func deniedIsAudited() throws {
        let phone = Fixtures.device(.iOS, .appleDeviceEnrollment, "18.1")
        let tenant = try TemporaryStore(seededWith: [phone])
        let outcome = try ActionService(store: tenant.store).take(
            ActionRequest(action: .wipe, deviceId: phone.id, operatorUPN: "reader@contoso.com", typedName: phone.name))
        guard case .refused(let verdict) = outcome else { Issue.record("read only operator wiped a device"); return }
        #expect(verdict.rule == .role)
        #expect(try tenant.store.actions().isEmpty)
        #expect(try tenant.store.device(id: phone.id)?.managementState == .managed)
        let entry = try #require(try tenant.store.auditEntries().first)
        #expect(entry.result == .denied)
        #expect(entry.actor == "reader@contoso.com")
    }

    @Test("ROLE: an unknown operator is read only")
    func unknownOperatorReadOnly() throws {
        let tenant = try TemporaryStore()
        #expect(try tenant.store.role(of: "stranger@example.com") == .readOnly)
        #expect(try tenant.store.role(of: "ADMIN@contoso.com") == .administrator, "UPNs compare without case")
    }

    @Test("A greyed action by rule takes nothing and writes nothing")
    func greyedTakesNothing() throws {
        let phone = Fixtures.workProfile("13")
        let tenant = try TemporaryStore(seededWith: [phone])
        let before = try tenant.store.revision()
        guard case .refused(let verdict) = try ActionService(store: tenant.store).take(
            ActionRequest(action: .wipe, deviceId: phone.id, operatorUPN: "admin@contoso.com", typedName: phone.name)) else {
            Issue.record("R4 wipe went through"); return
        }
        #expect(verdict.rule == .r4)
        #expect(try tenant.entriesSinceSetUp().isEmpty)
        #expect(try tenant.store.actions().isEmpty)
        #expect(try tenant.store.revision() == before + 1, "an empty transaction only bumps the revision")
    }

    @Test("Wipe and Delete need the exact name typed; Retire needs an explicit yes")
    func confirmations() throws {
        let phone = Fixtures.device(.android, .androidDeviceAdministrator, "6.0")
        let tenant = try TemporaryStore(seededWith: [phone])
        let service = ActionService(store: tenant.store)
        #expect(throws: ActionError.confirmationNeeded(action: .wipe, deviceName: phone.name)) {
            try service.take(ActionRequest(action: .wipe, deviceId: phone.id, operatorUPN: "admin@contoso.com"))
        }
        #expect(throws: ActionError.confirmationMismatch(action: .delete, deviceName: phone.name, typed: phone.name.lowercased())) {
            try service.take(ActionRequest(action: .delete, deviceId: phone.id, operatorUPN: "admin@contoso.com", typedName: phone.name.lowercased()))
        }
        #expect(throws: ActionError.acknowledgementNeeded(action: .retire)) {
            try service.take(ActionRequest(action: .retire, deviceId: phone.id, operatorUPN: "admin@contoso.com"))
        }
        #expect(try tenant.store.actions().isEmpty)
        #expect(try tenant.entriesSinceSetUp().isEmpty)
    }

    @Test("R19: a retire started from the Company Portal has no audit entry, and the console explains it")
    func portalRetireExplained() throws {
        let phone = Fixtures.device(.iOS, .appleDeviceEnrollment, "18.1")
        let tenant = try TemporaryStore(seededWith: [phone])
        let record = try Simulator(store: tenant.store).portalRetire(deviceId: phone.id, by: "admin@contoso.com")
        #expect(record.source == .companyPortal)
        #expect(record.initiatedBy == phone.primaryUserUPN)
        // Only the simulator's own entry (who played the user), which names no action.
        let entries = try tenant.store.auditEntries(AuditQuery(device: phone.id))
        #expect(entries.map(\.activity) == ["simulate Company Portal retire"])
        #expect(entries.allSatisfy { $0.actionId == nil })
        let overview = try #require(try tenant.store.overview(deviceId: phone.id, operatorUPN: "admin@contoso.com"))
        let why = try #require(overview.explanation(for: record))
        #expect(why.contains("Company Portal"))
        #expect(why.contains("device's own user"))
    }

    @Test("R18: the audit log is append-only: the store refuses UPDATE and DELETE")
    func appendOnly() throws {
        let phone = Fixtures.device(.iOS, .appleDeviceEnrollment, "18.1")
        let tenant = try TemporaryStore(seededWith: [phone])
        _ = try ActionService(store: tenant.store).take(ActionRequest(action: .sync, deviceId: phone.id, operatorUPN: "admin@contoso.com"))
        #expect(throws: DatabaseError.self) { try tenant.store.write { db in try db.execute(sql: "UPDATE auditEntry SET actor = 'x'") } }
        #expect(throws: DatabaseError.self) { try tenant.store.write { db in try db.execute(sql: "DELETE FROM auditEntry") } }
        #expect(try tenant.store.auditEntries().first?.actor == "admin@contoso.com")
    }

    @Test("One transaction: if the audit entry cannot be written, neither the action nor the device state lands")
    func oneTransaction() throws {
        let phone = Fixtures.device(.iOS, .appleDeviceEnrollment, "18.1")
        let tenant = try TemporaryStore(seededWith: [phone])
        // Make audit inserts fail, as a crash between the writes would.
        try tenant.store.write { db in
            try db.execute(sql: "CREATE TRIGGER fail_audit BEFORE INSERT ON auditEntry BEGIN SELECT RAISE(ABORT, 'disk full'); END")
        }
        #expect(throws: DatabaseError.self) {
            try ActionService(store: tenant.store).take(
                ActionRequest(action: .retire, deviceId: phone.id, operatorUPN: "admin@contoso.com", acknowledged: true))
        }
        #expect(try tenant.store.actions().isEmpty)
        #expect(try tenant.store.device(id: phone.id)?.managementState == .managed)
    }

    @Test("Audit filters: actor, activity, device, dates, newest first")
    func filters() throws {
        let phone = Fixtures.device(.iOS, .appleDeviceEnrollment, "18.1")
        let laptop = Fixtures.device(.windows, .windowsMDM, "10.0.22631")
        let tenant = try TemporaryStore(seededWith: [phone, laptop])
        let service = ActionService(store: tenant.store)
        _ = try service.take(ActionRequest(action: .sync, deviceId: phone.id, operatorUPN: "admin@contoso.com"))
        _ = try Simulator(store: tenant.store).advance(by: Fixtures.day, by: "admin@contoso.com")
        _ = try service.take(ActionRequest(action: .wipe, deviceId: laptop.id, operatorUPN: "helpdesk@contoso.com", typedName: laptop.name))
        #expect(try tenant.entriesSinceSetUp().compactMap(\.deviceId) == [laptop.id, phone.id])
        #expect(try tenant.store.auditEntries(AuditQuery(actor: "helpdesk")).map(\.deviceId) == [laptop.id])
        #expect(try tenant.store.auditEntries(AuditQuery(activity: "WIPE")).count == 1)
        #expect(try tenant.store.auditEntries(AuditQuery(device: phone.id)).count == 1)
        #expect(try tenant.store.auditEntries(AuditQuery(since: Fixtures.now.addingTimeInterval(3600))).map(\.deviceId) == [laptop.id])
        #expect(try tenant.store.auditEntries(AuditQuery(until: Fixtures.now.addingTimeInterval(3600))).compactMap(\.deviceId) == [phone.id])
        #expect(try tenant.store.auditEntries(AuditQuery(activity: "50%_")).isEmpty, "LIKE wildcards in user text are literal")
    }
}
