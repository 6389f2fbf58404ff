import Foundation
import GRDB
import Testing
@testable import MDMCore
@testable import MDMDemo

/// Opening a store made before the search indexes (migrations v9 and v10 pending): the
/// upgrade's progress, and a store the same as one made now once it is done.
@Suite("Store upgrade with progress")
struct StoreUpgradeTests {
    /// A demo tenant with older history, then set back to before v9 and v10.
    func olderTenant(_ body: (String) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-upgrade-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("tenant.sqlite").path
        try DemoTenant.build(at: path, options: DemoTenant.Options(deviceCount: 500, seed: 3, now: Fixtures.now, creator: "maria@contoso.com",
                                                                   auditEntries: 20_000), replace: false)
        try OlderSchema.removeSearchIndexes(at: path)
        try body(path)
    }

    @Test("The two migrations are reported step by step, rising to 100 %, and the store searches as before")
    func progress() throws {
        try olderTenant { path in
            var reports: [StoreUpgrade.Progress] = []
            let store = try TenantStore(path: path, upgrading: { reports.append($0) })
            defer { try? store.close() }
            #expect(reports.count >= 3)
            #expect(reports.map(\.fraction) == reports.map(\.fraction).sorted(), "never goes back")
            #expect(reports.first?.fraction ?? 1 < 0.5)
            #expect(reports.last?.fraction == 1)
            #expect(Set(reports.map(\.steps)) == [2])
            #expect(reports.map(\.step) == reports.map(\.step).sorted())
            #expect(Set(reports.map { String($0.migration.prefix(4)) }) == ["v9: ", "v10:"])
            #expect(reports.allSatisfy { $0.devices >= 480 && $0.auditEntries > 20_000 })
            // What the migrations built is there and used: the audit log's indexed filter, the short device count.
            let applied = try store.read { db in try Schema.migrator.appliedIdentifiers(db) }
            #expect(applied == Set(Schema.migrator.migrations))
            let legacy = try store.auditWindow(AuditQuery(device: "LEGACY-0001"), start: .first, limit: 50, counting: true)
            #expect(!legacy.entries.isEmpty)
            #expect(legacy.entries.allSatisfy { $0.deviceName?.contains("LEGACY-0001") == true })
            let oracle = try store.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM device WHERE name LIKE '%a%' OR primaryUserUPN LIKE '%a%' OR primaryUserDisplayName LIKE '%a%' OR primaryUserEmail LIKE '%a%' OR serialNumber LIKE '%a%' OR model LIKE '%a%'")
            }
            #expect(try store.deviceCount(DeviceQuery(search: "a")) == oracle)
        }
    }

    @Test("A store needing nothing reports nothing; a store opened without a reporter upgrades all the same")
    func quiet() throws {
        try olderTenant { path in
            let plain = try TenantStore(path: path)
            try plain.close()
            var reports = 0
            let again = try TenantStore(path: path, upgrading: { _ in reports += 1 })
            try again.close()
            #expect(reports == 0)
        }
    }

    @Test("An upgrade stopped part-way leaves the store as it was: the next open goes on and completes it")
    func interrupted() throws {
        try olderTenant { path in
            // Stopped inside v9, as a kill would: SQLite rolls back the migration's transaction.
            let queue = try DatabaseQueue(path: path)
            #expect(throws: (any Error).self) {
                try queue.writeWithoutTransaction { db in
                    try db.inTransaction {
                        try AuditSearchSchema.create(db)
                        throw StoreError.invalid("stopped")
                    }
                }
            }
            let pending = try queue.read { db in try Schema.migrator.appliedIdentifiers(db) }
            #expect(!pending.contains { $0.hasPrefix("v9:") })
            #expect(try queue.read { db in try db.tableExists("audit_actor_search") } == false)
            try queue.close()
            var last: StoreUpgrade.Progress?
            let store = try TenantStore(path: path, upgrading: { last = $0 })
            defer { try? store.close() }
            #expect(last?.fraction == 1)
            #expect(try store.read { db in try Schema.migrator.appliedIdentifiers(db) } == Set(Schema.migrator.migrations))
            #expect(try AuditVerifier.verify(store).problem == nil)
        }
    }
}
