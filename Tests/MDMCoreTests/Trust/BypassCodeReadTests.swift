import Foundation
import Testing
@testable import MDMCore

/// Who reads an Activation Lock bypass code: only a role that may take Bypass Activation
/// Lock, and every read (or refused read) is in the audit log.
@Suite("Bypass code reads")
struct BypassCodeReadTests {
    @Test("The overview shows the code to an Administrator only; others are told why")
    func overviewByRole() {
        let phone = Fixtures.supervisedIPhone()
        for role in Role.builtIn {
            let overview = DeviceOverview(device: phone, now: Fixtures.now, role: role, actions: [], unauditedActionIds: [])
            if role == .administrator {
                #expect(overview.bypassCode == phone.activationLockBypassCode)
            } else {
                #expect(overview.bypassCode == nil)
                #expect(overview.bypassCodeAbsence?.contains("Not shown to your role, \(role.displayName)") == true)
            }
        }
    }

    @Test("Reading one through the store: the code and a success entry, or nothing and a denied entry")
    func auditedReads() throws {
        let folder = NSTemporaryDirectory() + "mdmconsole-bypass-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try TenantStore(path: folder + "/t.sqlite")
        let phone = Fixtures.supervisedIPhone()
        try store.write { db in
            try TenantClock.set(db, to: Fixtures.now)
            try Operator(upn: "admin@contoso.com", roleId: Role.administrator.id).save(db)
            try Operator(upn: "helpdesk@contoso.com", roleId: Role.helpDesk.id).save(db)
            try phone.insert(db)
        }
        #expect(try store.readBypassCode(deviceId: phone.id, by: "admin@contoso.com", through: "test") == .code(phone.activationLockBypassCode!))
        #expect(try store.readBypassCode(deviceId: phone.id, by: "helpdesk@contoso.com", through: "test") == .refused(.helpDesk))
        #expect(try store.readBypassCode(deviceId: phone.id, by: "nobody@contoso.com", through: "test") == .refused(.readOnly))
        let entries = try store.auditEntries(AuditQuery(activity: BypassCodeReads.activity))
        let results: [String] = entries.map(\.result.rawValue).sorted()
        #expect(results == ["denied", "denied", "success"])
        #expect(entries.allSatisfy { $0.deviceId == phone.id })
        #expect(entries.first { $0.result == .success }?.actor == "admin@contoso.com")
    }
}
