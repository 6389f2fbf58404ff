import Foundation
import GRDB
import Testing
@testable import MDMCore
@testable import MDMDemo

/// R18, tamper evidence: the hash chain and what `audit verify` says when it is broken.
@Suite("Audit hash chain")
struct AuditChainTests {
    /// A store with `count` audit entries from real actions.
    func tenant(entries count: Int = 8) throws -> TemporaryStore {
        let phone = Fixtures.device(.android, .androidFullyManaged, "13")
        let tenant = try TemporaryStore(seededWith: [phone], auditedRoles: false)
        let service = ActionService(store: tenant.store)
        for _ in 0..<count {
            _ = try service.take(ActionRequest(action: .sync, deviceId: phone.id, operatorUPN: "admin@contoso.com"))
        }
        return tenant
    }

    /// Tampering as someone with the sqlite3 shell would: triggers dropped, rows changed.
    func tamper(_ tenant: TemporaryStore, _ sql: String) throws {
        try tenant.store.close()
        let queue = try DatabaseQueue(path: tenant.path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER auditEntry_no_update; DROP TRIGGER auditEntry_no_delete")
            try db.execute(sql: sql)
        }
        try queue.close()
    }

    func verify(_ tenant: TemporaryStore) throws -> AuditVerification {
        try AuditVerifier.verify(try TenantStore(path: tenant.path))
    }

    @Test("Every entry is chained to the one before; an untouched log verifies")
    func intact() throws {
        let tenant = try tenant()
        let entries = try tenant.store.auditEntries().reversed().map { $0 }
        #expect(entries.first?.previousHash == AuditChain.genesis)
        for (earlier, later) in zip(entries, entries.dropFirst()) { #expect(later.previousHash == earlier.hash) }
        let result = try AuditVerifier.verify(tenant.store)
        #expect(result.problem == nil)
        #expect(result.checked == 8)
        #expect(result.headHash == entries.last?.hash)
    }

    @Test("An edited entry is named as edited")
    func edited() throws {
        let tenant = try tenant()
        try tamper(tenant, "UPDATE auditEntry SET actor = 'someone.else@contoso.com' WHERE id = 5")
        let result = try verify(tenant)
        #expect(result.problem?.entryId == 5)
        #expect(result.problem?.kind == .edited)
        #expect(result.checked == 4)
    }

    @Test("A deleted entry is named as missing, in the middle, at the start and at the end", arguments: [(Int64(4), Int64(4)), (1, 1), (8, 8)])
    func missing(deleted: Int64, named: Int64) throws {
        let tenant = try tenant()
        try tamper(tenant, "DELETE FROM auditEntry WHERE id = \(deleted)")
        let result = try verify(tenant)
        #expect(result.problem?.kind == .missing)
        #expect(result.problem?.entryId == named)
    }

    @Test("An inserted copy of an entry is named as inserted")
    func insertedCopy() throws {
        let tenant = try tenant()
        try tamper(tenant, """
            INSERT INTO auditEntry(time, activity, result, actor, actorType, deviceId, deviceName, actionId, changedProperties, previousHash, hash)
            SELECT time, activity, result, actor, actorType, deviceId, deviceName, actionId, changedProperties, previousHash, hash FROM auditEntry WHERE id = 3
            """)
        let result = try verify(tenant)
        #expect(result.problem?.entryId == 9)
        #expect(result.problem?.kind == .inserted)
    }

    @Test("A forged entry with a made-up hash is named as inserted")
    func insertedForged() throws {
        let tenant = try tenant()
        try tamper(tenant, """
            INSERT INTO auditEntry(time, activity, result, actor, actorType, changedProperties, previousHash, hash)
            VALUES ('2026-11-24 10:00:00.000', 'wipe ManagedDevice', 'success', 'ceo@contoso.com', 'user', '[]', 'abc', 'def')
            """)
        let result = try verify(tenant)
        #expect(result.problem?.entryId == 9)
        #expect(result.problem?.kind == .inserted)
    }

    @Test("Two entries swapped are named as reordered")
    func reordered() throws {
        let tenant = try tenant()
        try tamper(tenant, "UPDATE auditEntry SET id = -1 WHERE id = 5; UPDATE auditEntry SET id = 5 WHERE id = 6; UPDATE auditEntry SET id = 6 WHERE id = -1")
        let result = try verify(tenant)
        #expect(result.problem?.entryId == 5)
        #expect(result.problem?.kind == .reordered)
    }

    @Test("Migration v2 gives a store written before the chain existed a valid chain")
    func migrationBackfills() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-v1-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("old.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v1: devices, actions, audit, operators, meta")
        try queue.write { db in
            try Meta.set(db, "clock", DateText.iso(Fixtures.now))
            for index in 1...3 {
                try db.execute(sql: """
                    INSERT INTO auditEntry(time, activity, result, actor, actorType, changedProperties)
                    VALUES ('2026-11-2\(index) 09:00:00.000', 'syncDevice ManagedDevice', 'success', 'admin@contoso.com', 'user', '[]')
                    """)
            }
        }
        try queue.close()
        let store = try TenantStore(path: path)
        let result = try AuditVerifier.verify(store)
        #expect(result.problem == nil)
        #expect(result.checked == 3)
        #expect(try store.auditEntries().allSatisfy { $0.hash.count == 64 })
    }
}

/// Roles enforced in the core, whatever front end asks (docs/RULES.md "Roles").
@Suite("Role changes")
struct RoleChangeTests {
    @Test("An administrator grants and revokes; each change is audited with the role before and after")
    func grantAndRevoke() throws {
        let tenant = try TemporaryStore()
        let roles = RoleService(store: tenant.store)
        try roles.grant(.helpDesk, to: "new.hire@contoso.com", by: "admin@contoso.com")
        #expect(try tenant.store.role(of: "new.hire@contoso.com") == .helpDesk)
        try roles.revoke("new.hire@contoso.com", by: "admin@contoso.com")
        #expect(try tenant.store.role(of: "new.hire@contoso.com") == .readOnly)
        let entries = try tenant.entriesSinceSetUp()
        #expect(entries.map(\.activity) == ["revoke RoleAssignment", "grant RoleAssignment"])
        #expect(entries.last?.changedProperties == [ChangedProperty("role of new.hire@contoso.com", from: "", to: "helpDeskOperator")])
    }

    @Test("Anyone else is refused, and the refusal is audited as denied", arguments: ["helpdesk@contoso.com", "reader@contoso.com", "stranger@example.com"])
    func refused(actor: String) throws {
        let tenant = try TemporaryStore()
        #expect(throws: RoleChangeError.self) { try RoleService(store: tenant.store).grant(.administrator, to: actor, by: actor) }
        #expect(try tenant.store.role(of: actor) != .administrator)
        let entry = try #require(try tenant.store.auditEntries().first)
        #expect(entry.result == .denied)
        #expect(entry.actor == actor)
    }

    @Test("The last holder of Roles/Assign cannot be removed or demoted")
    func lastAdministrator() throws {
        let tenant = try TemporaryStore()
        let roles = RoleService(store: tenant.store)
        #expect(throws: RoleChangeError.lastRoleAssigner(upn: "admin@contoso.com")) { try roles.revoke("admin@contoso.com", by: "admin@contoso.com") }
        #expect(throws: RoleChangeError.lastRoleAssigner(upn: "admin@contoso.com")) { try roles.grant(.helpDesk, to: "admin@contoso.com", by: "admin@contoso.com") }
        try roles.grant(.administrator, to: "second@contoso.com", by: "admin@contoso.com")
        try roles.revoke("admin@contoso.com", by: "second@contoso.com")
        #expect(try tenant.store.role(of: "admin@contoso.com") == .readOnly)
    }
}

/// The store tells one story (what the crash and concurrency tests check after the fact).
@Suite("Consistency")
struct ConsistencyTests {
    @Test("A demo tenant after a few hundred random actions and clock moves is consistent")
    func afterExercise() throws {
        let (store, folder) = try DemoTenantTests.build(devices: 80)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try Exerciser(store: store, operatorUPN: "maria@contoso.com", seed: 3).run(actions: 200, moveClock: true) == 200)
        #expect(try ConsistencyCheck.run(store) == [])
        #expect(try AuditVerifier.verify(store).problem == nil)
    }

    @Test("An action without its audit entry, or a device state its actions do not explain, is reported")
    func inconsistencies() throws {
        let phone = Fixtures.device(.android, .androidDeviceAdministrator, "6.0")
        let tenant = try TemporaryStore(seededWith: [phone])
        _ = try ActionService(store: tenant.store).take(ActionRequest(action: .retire, deviceId: phone.id, operatorUPN: "admin@contoso.com", acknowledged: true))
        #expect(try ConsistencyCheck.run(tenant.store) == [])
        try tenant.store.write { db in
            try db.execute(sql: "UPDATE device SET managementState = 'managed'")
            try db.execute(sql: "INSERT INTO action(id, action, deviceId, deviceName, platform, state, issuedAt, updatedAt, initiatedBy, source, detail) VALUES ('orphan', 'sync', ?, 'x', 'Android', 'done', '2026-11-24 09:00:00.000', '2026-11-24 09:00:00.000', 'a', 'console', '')", arguments: [phone.id])
        }
        let problems = try ConsistencyCheck.run(tenant.store)
        #expect(problems.contains { $0.contains("action orphan") && $0.contains("0 audit entries") })
        #expect(problems.contains { $0.contains("is managed but its last retire is pending") })
    }
}
