import Foundation
import GRDB
import Testing
@testable import MDMCore
@testable import MDMDemo

/// The All devices list read a window at a time by keyset, searched through the trigram
/// index, counted from the tally: the same answers as reading everything, in every order.
@Suite("Device windows")
struct DeviceWindowTests {
    /// A 1,500-device demo built once: big enough for many windows, quick to build.
    static let store: TenantStore = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-window-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("tenant.sqlite").path
        try! DemoTenant.build(at: path, options: DemoTenant.Options(deviceCount: 1500, seed: 3, now: Fixtures.now, creator: "maria@contoso.com"), replace: false)
        return try! TenantStore(path: path)
    }()

    static let queries: [DeviceQuery] = [
        DeviceQuery(), DeviceQuery(search: "an"), DeviceQuery(search: "iphone"), DeviceQuery(search: "contoso"),
        DeviceQuery(platform: .android), DeviceQuery(search: "'s", platform: .iOS), DeviceQuery(search: "no such device"),
    ]

    /// What a user means by the filter, written without SQL: ASCII case folded, any column.
    static func matches(_ device: Device, _ text: String) -> Bool {
        guard !text.isEmpty else { return true }
        let needle = text.lowercased()
        return [device.name, device.primaryUserUPN, device.primaryUserDisplayName, device.primaryUserEmail, device.serialNumber, device.model]
            .contains { $0.lowercased().contains(needle) }
    }

    @Test("Paging forward by keyset gives every matching device once, in the order of the whole list, for every sort",
          arguments: DeviceQuery.SortKey.allCases)
    func forward(sort: DeviceQuery.SortKey) throws {
        for var query in Self.queries {
            query.sort = sort
            let whole = try Self.store.devices(query)
            var paged: [Device] = []
            var start = DeviceWindowStart.first
            while true {
                let window = try Self.store.deviceWindow(query, start: start, limit: 37)
                paged += window.rows
                guard window.isFull, let last = window.rows.last else { break }
                start = .after(DeviceListKey(last, sort: sort))
            }
            #expect(paged.map(\.id) == whole.map(\.id), "\(query)")
            #expect(Set(paged.map(\.id)).count == paged.count)
        }
    }

    @Test("Paging backward from the end gives the same list; .from includes its own row", arguments: DeviceQuery.SortKey.allCases)
    func backward(sort: DeviceQuery.SortKey) throws {
        for var query in Self.queries {
            query.sort = sort
            let whole = try Self.store.devices(query)
            var paged: [Device] = []
            var start = DeviceWindowStart.last
            while true {
                let window = try Self.store.deviceWindow(query, start: start, limit: 41)
                paged = window.rows + paged
                guard window.isFull, let first = window.rows.first else { break }
                start = .before(DeviceListKey(first, sort: sort))
            }
            #expect(paged.map(\.id) == whole.map(\.id), "\(query)")
            if whole.count > 10 {
                let from = try Self.store.deviceWindow(query, start: .from(DeviceListKey(whole[10], sort: sort)), limit: 5)
                #expect(from.rows.map(\.id) == whole[10..<15].map(\.id))
            }
        }
    }

    @Test("The filter finds what a plain substring test finds, through the index or by scanning")
    func searchAgreesWithSubstrings() throws {
        let everyone = try Self.store.devices(DeviceQuery())
        for text in ["a", "an", "ana", "iPhone", "IPHONE", "contoso.com", "Galaxy S2", "_", "%", "\"", "zz", "qqqqq", "-"] {
            let expected = everyone.filter { Self.matches($0, text) }.map(\.id)
            let found = try Self.store.devices(DeviceQuery(search: text)).map(\.id)
            #expect(found == expected, "search \"\(text)\"")
            #expect(try Self.store.deviceCount(DeviceQuery(search: text)) == expected.count, "count \"\(text)\"")
            let first = try Self.store.deviceWindow(DeviceQuery(search: text), start: .first, limit: 25, counting: true)
            #expect(first.rows.map(\.id) == Array(expected.prefix(25)), "first window \"\(text)\"")
            if first.count?.isExact == true { #expect(first.count?.value == expected.count, "counted \"\(text)\"") }
        }
        // Both plans are exercised: a rare text goes through the trigram index, a common one scans.
        try Self.store.read { db in
            if case .candidates = try DeviceSearch.plan(db, DeviceQuery(search: "iPhone 15")) {} else { Issue.record("rare text should use the index") }
            if case .scan = try DeviceSearch.plan(db, DeviceQuery(search: "an")) {} else { Issue.record("short text should scan") }
        }
    }

    @Test("The trigram index and the tally follow renames, new devices and deletions")
    func indexFollowsWrites() throws {
        let tenant = try TemporaryStore(seededWith: [Fixtures.supervisedIPhone()])
        let store = tenant.store
        let phone = try #require(try store.devices(DeviceQuery()).first)
        #expect(try store.deviceCount() == 1)
        try store.write { db in try db.execute(sql: "UPDATE device SET name = 'Kestrel-42' WHERE id = ?", arguments: [phone.id]) }
        #expect(try store.devices(DeviceQuery(search: "kestrel")).map(\.id) == [phone.id])
        #expect(try store.devices(DeviceQuery(search: phone.name)).isEmpty)
        var other = Fixtures.supervisedIPhone()
        other.id = "second-device"
        other.name = "Heron-7"
        other.platform = .macOS
        try store.write { db in try other.insert(db) }
        #expect(try store.deviceCount() == 2)
        #expect(try store.deviceCount(DeviceQuery(platform: .macOS)) == 1)
        #expect(try store.devices(DeviceQuery(search: "heron")).map(\.id) == ["second-device"])
        try store.write { db in _ = try Device.deleteOne(db, key: phone.id) }
        #expect(try store.deviceCount() == 1)
        #expect(try store.devices(DeviceQuery(search: "kestrel")).isEmpty)
        let integrity = try store.write { db in
            try db.execute(sql: "INSERT INTO device_search(device_search) VALUES ('integrity-check')")
            return true
        }
        #expect(integrity)
        #expect(try ConsistencyCheck.run(store) == [])
        try store.write { db in try db.execute(sql: "UPDATE deviceTally SET devices = 5 WHERE platform = 'macOS'") }
        #expect(try ConsistencyCheck.run(store) == ["the device tally says 5 macOS devices, the store holds 1"])
    }

    @Test("A count only a full scan could give is estimated from a sample and said to be an estimate")
    func estimatedCount() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-estimate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("tenant.sqlite").path
        try DemoTenant.build(at: path, options: DemoTenant.Options(deviceCount: 6000, seed: 5, now: Fixtures.now, creator: "maria@contoso.com"), replace: false)
        let store = try TenantStore(path: path)
        let query = DeviceQuery(search: "a")
        let window = try store.deviceWindow(query, start: .first, limit: 50, counting: true)
        let count = try #require(window.count)
        let exact = try store.deviceCount(query)
        #expect(!count.isExact)
        #expect(abs(Double(count.value - exact)) < 0.1 * Double(exact), "estimate \(count.value), exact \(exact)")
        // Without a search the tally is exact; a rare text is counted exactly through the index.
        #expect(try store.deviceWindow(DeviceQuery(), start: .first, limit: 50, counting: true).count == MatchCount(value: try store.deviceCount(), isExact: true))
        let rare = try #require(try store.devices(DeviceQuery()).last?.serialNumber)
        #expect(try store.deviceWindow(DeviceQuery(search: rare), start: .first, limit: 50, counting: true).count?.isExact == true)
    }

    @Test("Every way of searching (scan, index members, sorted candidates) pages to the same rows, in every sort",
          arguments: DeviceQuery.SortKey.allCases)
    func everyPlanAgrees(sort: DeviceQuery.SortKey) throws {
        for text in ["ana", "iphone", "contoso", "galaxy s", "zzz-none"] {
            let query = DeviceQuery(search: text, sort: sort)
            let expected = try Self.store.devices(DeviceQuery(sort: sort)).filter { Self.matches($0, text) }.map(\.id)
            for plan in [DeviceSearch.scan(text), .members(text), .candidates(text)] {
                var paged: [String] = []
                var start = DeviceWindowStart.first
                try Self.store.read { db in
                    while true {
                        let window = try DeviceSQL.window(db, query, start: start, limit: 23, counting: false, plan: plan)
                        paged += window.rows.map(\.id)
                        guard window.isFull, let last = window.rows.last else { break }
                        start = .after(DeviceListKey(last, sort: sort))
                    }
                }
                #expect(paged == expected, "\(plan) \(query)")
            }
        }
    }

    @Test("A bulk fill with the indexes set aside ends with the same schema, a whole trigram index and a right tally")
    func bulkFill() throws {
        let tenant = try TemporaryStore(seededWith: [Fixtures.supervisedIPhone()])
        let store = tenant.store
        let schema = { try store.read { db in try Row.fetchAll(db, sql: "SELECT type, name, sql FROM sqlite_master ORDER BY name") } }
        let before = try schema()
        try store.write { db in
            let setAside = try BulkFill.setAside(db)
            for index in 0..<50 {
                var device = Fixtures.supervisedIPhone()
                device.id = "bulk-\(index)"
                device.name = "Osprey-\(index)"
                device.platform = index % 2 == 0 ? .windows : .android
                try device.insertRow(db)
            }
            try BulkFill.restore(setAside, db)
        }
        #expect(try schema() == before)
        #expect(try store.devices(DeviceQuery(search: "osprey")).count == 50)
        #expect(try store.deviceCount(DeviceQuery(platform: .windows)) == 25)
        #expect(try ConsistencyCheck.run(store) == [])
        try store.write { db in try db.execute(sql: "INSERT INTO device_search(device_search) VALUES ('integrity-check')") }
    }

    @Test("Migration v4 gives a store made before it sort indexes, a whole trigram index and a right tally")
    func migrationV4() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-v3-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("old.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v3: device inventory kept from imports")
        try queue.write { db in
            try Meta.set(db, "clock", DateText.iso(Fixtures.now))
            for index in 0..<40 {
                var device = Fixtures.supervisedIPhone()
                device.id = "old-\(index)"
                device.name = "Kingfisher-\(index)"
                device.platform = index < 10 ? .macOS : .iOS
                // The columns a v3 store had (later migrations add the others).
                let columns = Device.databaseColumns.prefix(32)
                try db.execute(sql: "INSERT INTO device(\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))",
                               arguments: StatementArguments(Array(device.databaseValues.prefix(32))))
            }
        }
        try queue.close()
        let store = try TenantStore(path: path)
        #expect(try store.devices(DeviceQuery(search: "kingfisher-3")).map(\.name).sorted() == ["Kingfisher-3", "Kingfisher-30", "Kingfisher-31", "Kingfisher-32",
                                                                                            "Kingfisher-33", "Kingfisher-34", "Kingfisher-35", "Kingfisher-36",
                                                                                            "Kingfisher-37", "Kingfisher-38", "Kingfisher-39"])
        #expect(try store.deviceCount() == 40)
        #expect(try store.deviceCount(DeviceQuery(platform: .macOS)) == 10)
        let plan = try store.read { db in try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT * FROM device ORDER BY name COLLATE NOCASE, id LIMIT 5") }
        #expect(plan.map { $0["detail"] as String }.joined().contains("device_by_name"))
        try store.write { db in try db.execute(sql: "INSERT INTO device_search(device_search) VALUES ('integrity-check')") }
    }
}
