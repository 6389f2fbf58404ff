import Foundation
import GRDB
import Testing
@testable import MDMCore

/// The SQLite store: WAL, migrations, and files that are not ours left untouched.
@Suite("Store")
struct StoreTests {
    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("A new store is WAL and has its schema migrations recorded")
    func walAndMigrations() throws {
        let tenant = try TemporaryStore()
        let mode = try tenant.store.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        let applied = try tenant.store.read { db in try Schema.migrator.appliedIdentifiers(db) }
        #expect(applied == Set(Schema.migrator.migrations))
    }

    @Test("Devices round-trip through the store with every field")
    func deviceRoundTrip() throws {
        let phone = Fixtures.supervisedIPhone()
        let tenant = try TemporaryStore(seededWith: [phone])
        #expect(try tenant.store.device(id: phone.id) == phone)
    }

    @Test("Search matches name, user, serial and model, ignoring case; platform filters")
    func search() throws {
        let phone = Fixtures.device(.iOS, .appleDeviceEnrollment, "18.1") { $0.serialNumber = "F2LX9QZ1HG7K"; $0.name = "Ana's iPhone" }
        let laptop = Fixtures.device(.windows, .windowsMDM, "10.0") { $0.model = "Latitude 5440"; $0.primaryUserUPN = "bo@contoso.com" }
        let tenant = try TemporaryStore(seededWith: [phone, laptop])
        #expect(try tenant.store.devices(DeviceQuery(search: "f2lx9")).map(\.id) == [phone.id])
        #expect(try tenant.store.devices(DeviceQuery(search: "latitude")).map(\.id) == [laptop.id])
        #expect(try tenant.store.devices(DeviceQuery(search: "ana's")).map(\.id) == [phone.id])
        #expect(try tenant.store.devices(DeviceQuery(platform: .windows)).map(\.id) == [laptop.id])
        #expect(try tenant.store.deviceCount(DeviceQuery(search: "contoso")) == 2)
    }

    @Test("A device is found by id or exact name; unknown names say so with suggestions; twins need an id")
    func resolve() throws {
        let one = Fixtures.device(.iOS, .appleDeviceEnrollment, "18.1") { $0.id = "a"; $0.name = "Ana's iPhone" }
        let twinA = Fixtures.device(.iOS, .appleDeviceEnrollment, "18.1") { $0.id = "b"; $0.name = "Lab iPad" }
        let twinB = Fixtures.device(.iOS, .appleDeviceEnrollment, "18.1") { $0.id = "c"; $0.name = "Lab iPad" }
        let tenant = try TemporaryStore(seededWith: [one, twinA, twinB])
        #expect(try tenant.store.resolveDevice("a").name == "Ana's iPhone")
        #expect(try tenant.store.resolveDevice("Ana's iPhone").id == "a")
        #expect(try tenant.store.resolveDevice("ana's iphone").id == "a")
        #expect(throws: StoreError.unknownDevice("Ana", suggestions: ["Ana's iPhone"])) { try tenant.store.resolveDevice("Ana") }
        #expect(throws: StoreError.ambiguousDevice("Lab iPad", ids: ["b", "c"])) { try tenant.store.resolveDevice("Lab iPad") }
    }

    @Test("A file that is not SQLite is refused and left byte-for-byte untouched")
    func notSQLite() throws {
        let path = try folder().appendingPathComponent("notes.sqlite").path
        let content = Data("this is a shopping list\n".utf8)
        FileManager.default.createFile(atPath: path, contents: content)
        #expect(throws: StoreError.notADatabase(path: path, detail: "no SQLite header")) { try TenantStore(path: path) }
        #expect(FileManager.default.contents(atPath: path) == content)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test("An SQLite database of another program is refused and left untouched")
    func foreignDatabase() throws {
        let path = try folder().appendingPathComponent("other.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "CREATE TABLE recipes(name TEXT)") }
        try queue.close()
        let before = FileManager.default.contents(atPath: path)
        #expect(throws: StoreError.foreignDatabase(path: path)) { try TenantStore(path: path) }
        #expect(FileManager.default.contents(atPath: path) == before)
    }

    @Test("A store from a newer schema is refused, naming the unknown migration")
    func newerSchema() throws {
        let tenant = try TemporaryStore()
        try tenant.store.write { db in try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v99: from the future')") }
        try tenant.store.close()
        #expect(throws: StoreError.newerSchema(path: tenant.path, unknown: ["v99: from the future"])) { try TenantStore(path: tenant.path) }
    }

    @Test("A directory is refused with a clear error")
    func directory() throws {
        let path = try folder().path
        #expect(throws: StoreError.isDirectory(path: path)) { try TenantStore(path: path) }
    }
}

@Suite("Damaged stores")
struct DamagedStoreTests {
    @Test("A truncated database is refused as damaged and left untouched")
    func truncated() throws {
        let tenant = try TemporaryStore(seededWith: [Fixtures.device(.iOS, .appleDeviceEnrollment, "18.1")])
        try tenant.store.close()
        let whole = try Data(contentsOf: URL(fileURLWithPath: tenant.path))
        let cut = tenant.folder.appendingPathComponent("cut.sqlite")
        try whole.prefix(whole.count / 2).write(to: cut)
        let before = try Data(contentsOf: cut)
        #expect {
            try TenantStore(path: cut.path)
        } throws: { error in
            if case StoreError.damaged(let path, _) = error { return path == cut.path }
            return false
        }
        #expect(try Data(contentsOf: cut) == before)
    }

    @Test("An empty file is refused, not silently turned into a store")
    func empty() throws {
        let tenant = try TemporaryStore()
        let path = tenant.folder.appendingPathComponent("empty.sqlite").path
        FileManager.default.createFile(atPath: path, contents: Data())
        #expect(throws: StoreError.notADatabase(path: path, detail: "the file is empty")) { try TenantStore(path: path) }
        #expect(FileManager.default.contents(atPath: path) == Data())
    }
}
