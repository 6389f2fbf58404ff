import Foundation
import Testing
@testable import MDMCore
@testable import MDMDemo

/// Conditions on single properties (Graph's `$filter`) give exactly the devices a plain
/// test of every device gives, page after page, with the count to match.
@Suite("Device conditions")
struct DeviceConditionTests {
    @Test("Each condition, paged by keyset in both sorts, equals the oracle", arguments: [
        [DeviceCondition(.operatingSystem, .equals(["iOS", "Android"]))],
        [DeviceCondition(.deviceName, .contains("phone"))],
        [DeviceCondition(.complianceState, .equals(["noncompliant"])), DeviceCondition(.operatingSystem, .equals(["windows"]))],
        [DeviceCondition(.lastSyncDateTime, .before(Fixtures.now.addingTimeInterval(-3 * 86_400)))],
        // The first device's user, found in the tenant (see below).
        [DeviceCondition(.userPrincipalName, .notEquals("the first device's user"))],
    ])
    func oracle(conditions given: [DeviceCondition]) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-conditions-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("demo.sqlite").path
        try DemoTenant.build(at: path, options: DemoTenant.Options(deviceCount: 400, now: Fixtures.now, creator: "ana@contoso.com"), replace: false)
        let store = try TenantStore(path: path)
        let all = try store.devices(DeviceQuery())
        let conditions = given.map { condition in
            condition.comparison == .notEquals("the first device's user") ? DeviceCondition(condition.property, .notEquals(all[0].primaryUserUPN)) : condition
        }
        let expected = Set(all.filter { device in conditions.allSatisfy { holds($0, device) } }.map(\.id))
        for sort in [DeviceQuery.SortKey.name, .lastCheckIn] {
            var query = DeviceQuery(sort: sort)
            query.conditions = conditions
            var seen: [String] = []
            var start = DeviceWindowStart.first
            while true {
                let window = try store.deviceWindow(query, start: start, limit: 37)
                seen += window.rows.map(\.id)
                guard window.isFull, let last = window.rows.last else { break }
                start = .after(DeviceListKey(last, sort: sort))
            }
            #expect(Set(seen) == expected && seen.count == expected.count, "\(sort)")
            #expect(try store.deviceCount(query) == expected.count)
        }
        #expect(!expected.isEmpty && expected.count < all.count, "the case narrows the list")
    }

    func holds(_ condition: DeviceCondition, _ device: Device) -> Bool {
        let value: String = switch condition.property {
        case .deviceName: device.name
        case .operatingSystem: device.platform.rawValue
        case .complianceState: device.complianceState.rawValue
        case .userPrincipalName: device.primaryUserUPN
        default: ""
        }
        switch condition.comparison {
        case .equals(let values): return values.contains { $0.lowercased() == value.lowercased() }
        case .notEquals(let other): return other.lowercased() != value.lowercased()
        case .contains(let text): return value.lowercased().contains(text.lowercased())
        case .before(let date): return device.lastCheckInAt < date
        case .after(let date): return device.lastCheckInAt > date
        }
    }
}

/// A Graph client follows nextLinks while others add and delete devices: keyset pages give
/// every device that was there throughout exactly once, never one twice.
@Suite("Paging under change")
struct PagingUnderChangeTests {
    @Test("Devices added and deleted between pages: no device twice, none of those kept missing")
    func concurrentChanges() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-paging-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("demo.sqlite").path
        try DemoTenant.build(at: path, options: DemoTenant.Options(deviceCount: 300, now: Fixtures.now, creator: "ana@contoso.com"), replace: false)
        let store = try TenantStore(path: path)
        let before = try store.devices(DeviceQuery()).map(\.id)
        var deleted: Set<String> = []
        var seen: [String] = []
        var start = DeviceWindowStart.first
        var page = 0
        while true {
            let window = try store.deviceWindow(DeviceQuery(), start: start, limit: 25)
            seen += window.rows.map(\.id)
            guard window.isFull, let last = window.rows.last else { break }
            start = .after(DeviceListKey(last, sort: .name))
            page += 1
            // Between pages: one device deleted further down, one added at the top and one below.
            try store.write { db in
                if let victim = try String.fetchOne(db, sql: "SELECT id FROM device ORDER BY name COLLATE NOCASE DESC LIMIT 1 OFFSET ?", arguments: [page]) {
                    try db.execute(sql: "DELETE FROM device WHERE id = ?", arguments: [victim])
                    deleted.insert(victim)
                }
                for (prefix, index) in [("AAA", page), ("zzz", page)] {
                    var device = Fixtures.device(.windows, .windowsMDM, "10.0.22631")
                    device.id = "new-\(prefix)-\(index)"
                    device.name = "\(prefix) new \(index)"
                    try device.insert(db)
                }
            }
        }
        #expect(Set(seen).count == seen.count, "no device twice")
        let kept = Set(before).subtracting(deleted)
        #expect(kept.isSubset(of: Set(seen)), "every device there throughout is listed")
        #expect(!deleted.isEmpty && seen.contains { $0.hasPrefix("new-zzz") }, "the changes happened, and a device added below was reached")
    }
}
