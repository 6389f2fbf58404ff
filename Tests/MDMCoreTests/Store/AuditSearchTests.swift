import Foundation
import GRDB
import Testing
@testable import MDMCore
@testable import MDMDemo

/// The audit log's filters served by trigram indexes: the same entries, in the same order,
/// as the LIKE over the whole log (the oracle), however they are paged, with entries
/// appended out of time order merged back in at their place by time.
@Suite("Audit search by index")
struct AuditSearchTests {
    /// A demo log of 6,000 older entries, then entries appended late: a service's events read
    /// after the entries written here (older times, newer ids), some at a time already used.
    static let store: TenantStore = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-auditsearch-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("tenant.sqlite").path
        try! DemoTenant.build(at: path, options: DemoTenant.Options(deviceCount: 200, seed: 3, now: Fixtures.now, creator: "maria@contoso.com",
                                                                     auditEntries: 60_000), replace: false)
        let store = try! TenantStore(path: path)
        let times = try! store.auditEntries(AuditQuery()).map(\.time)
        try! store.write { db in
            for (index, time) in stride(from: 100, to: times.count, by: 997).map({ times[$0] }).enumerated() {
                try AuditLog.append(db, AuditEntry(time: index % 3 == 0 ? time : time.addingTimeInterval(-0.5), activity: "wipe ManagedDevice",
                                                   result: index % 4 == 0 ? .failure : .success, actor: "Intune service", actorType: .service,
                                                   deviceId: "late-\(index)", deviceName: "LATE-\(index) LEGACY-0001", changedProperties: []))
            }
        }
        return store
    }()

    static let queries: [AuditQuery] = [
        AuditQuery(actor: "helpdesk"), AuditQuery(actor: "ROSSI"), AuditQuery(activity: "wipe"), AuditQuery(activity: "wipe", result: .failure),
        AuditQuery(device: "LEGACY-00"), AuditQuery(device: "LEGACY-0001"), AuditQuery(device: "late-3"), AuditQuery(text: "legacy-01"),
        AuditQuery(text: "Intune"), AuditQuery(text: "nothing like this"), AuditQuery(actor: "ros", activity: "sync"),
        AuditQuery(actor: "contoso", text: "re"), AuditQuery(text: "syn", from: "nowhere"),
        AuditQuery(activity: "retire", since: Fixtures.now.addingTimeInterval(-400 * 86_400), until: Fixtures.now.addingTimeInterval(-100 * 86_400)),
        AuditQuery(until: Fixtures.now.addingTimeInterval(-300 * 86_400), text: "wipe"),
        AuditQuery(text: "100%_\"x"),
    ]

    @Test("The demo's log is appended in time order; entries appended late are exactly those in auditLate")
    func late() throws {
        let (late, expected, appended) = try Self.store.read { db in
            (try Int64.fetchAll(db, sql: "SELECT id FROM auditLate ORDER BY id"),
             try Int64.fetchAll(db, sql: """
                SELECT id FROM (SELECT id, time, MAX(time) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before FROM auditEntry)
                WHERE time < before ORDER BY id
                """),
             try Int64.fetchAll(db, sql: "SELECT id FROM auditEntry WHERE deviceId LIKE 'late-%' ORDER BY id"))
        }
        #expect(late == expected)
        #expect(late == appended && late.count > 50, "the demo itself appends in order; only the entries appended late are there")
    }

    @Test("Every indexed filter pages older and newer by keyset to exactly the oracle's entries", arguments: queries)
    func paging(query: AuditQuery) throws {
        let whole = try Self.store.auditEntries(query).map(\.id)
        for limit in [7, 400] {
            var forward: [Int64] = []
            var start = AuditWindowStart.first
            while true {
                let window = try Self.store.auditWindow(query, start: start, limit: limit)
                forward += window.entries.map(\.id)
                guard window.isFull, let last = window.entries.last, forward.count < 1500 else { break }
                start = .after(AuditKey(last))
            }
            #expect(forward == Array(whole.prefix(forward.count)) && (forward.count == whole.count || forward.count >= 1500), "\(query) older, by \(limit)")
            var backward: [Int64] = []
            start = .last
            while true {
                let window = try Self.store.auditWindow(query, start: start, limit: limit)
                backward = window.entries.map(\.id) + backward
                guard window.isFull, let first = window.entries.first, backward.count < 1500 else { break }
                start = .before(AuditKey(first))
            }
            #expect(backward == Array(whole.suffix(backward.count)), "\(query) newer, by \(limit)")
        }
        // A refresh from an entry (itself included), as the pane does after a write.
        if whole.count > 10 {
            let entries = try Self.store.auditEntries(query)
            let from = try Self.store.auditWindow(query, start: .from(AuditKey(entries[5])), limit: 5)
            #expect(from.entries.map(\.id) == Array(whole[5..<10]))
        }
        #expect(try Self.store.auditCount(query) == whole.count, "\(query) count")
    }

    @Test("A filter an index serves is not bounded: entries far older than the newest 100,000 are found, and nothing is said")
    func unbounded() throws {
        let query = AuditQuery(device: "LEGACY-0001")
        let whole = try Self.store.auditEntries(query).map(\.id)
        let window = try Self.store.read { db in try AuditLog.window(db, query, start: .first, limit: 5000, counting: true, bound: 1000) }
        #expect(window.entries.map(\.id) == whole)
        #expect(!window.searchedNewestOnly)
        #expect(window.count == MatchCount(value: whole.count, isExact: true))
        // The same query on the bounded walk finds only what the newest 1,000 hold.
        let bounded = try Self.store.read { db in try AuditLog.window(db, query, start: .first, limit: 5000, counting: true, bound: 1000, indexed: false) }
        #expect(bounded.searchedNewestOnly && bounded.entries.count < whole.count)
    }

    @Test("A log that began with a few entries dated after the history appended next (demos before v9): those few are the late ones, and filters stay exact")
    func olderDemoShape() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-auditshape-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try TenantStore(path: folder.appendingPathComponent("tenant.sqlite").path)
        let founded = Fixtures.now
        try store.write { db in
            for index in 0..<3 {
                try AuditLog.append(db, AuditEntry(time: founded, activity: "add Operator", result: .success, actor: "maria@contoso.com",
                                                   actorType: .user, deviceId: nil, deviceName: "founder \(index)"))
            }
            for index in 0..<2000 {
                try AuditLog.append(db, AuditEntry(time: founded.addingTimeInterval(Double(index - 2000) * 3600), activity: index % 7 == 0 ? "wipe ManagedDevice" : "sync ManagedDevice",
                                                   result: .success, actor: index % 5 == 0 ? "m.rossi@contoso.com" : "helpdesk@contoso.com",
                                                   actorType: .user, deviceId: "d-\(index % 300)", deviceName: "LEGACY-\(index % 300)"))
            }
        }
        // As the trigger saw them, every older entry came late; the migration keeps the smaller set.
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM auditLate") } == 2000)
        try store.write { db in try AuditSearchSchema.rebuild(db) }
        #expect(try store.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM auditLate ORDER BY id") } == [1, 2, 3])
        for query in [AuditQuery(actor: "rossi"), AuditQuery(activity: "wipe"), AuditQuery(device: "LEGACY-12"), AuditQuery(text: "founder")] {
            let whole = try store.auditEntries(query).map(\.id)
            var paged: [Int64] = []
            var start = AuditWindowStart.first
            while true {
                let window = try store.auditWindow(query, start: start, limit: 50)
                paged += window.entries.map(\.id)
                guard window.isFull, let last = window.entries.last else { break }
                start = .after(AuditKey(last))
            }
            #expect(paged == whole, "\(query)")
        }
        // New entries keep it right: one in order, one a service event read late.
        try store.write { db in
            try AuditLog.append(db, AuditEntry(time: founded.addingTimeInterval(60), activity: "wipe ManagedDevice", result: .success,
                                               actor: "m.rossi@contoso.com", actorType: .user, deviceId: "d-1", deviceName: "LEGACY-1"))
            try AuditLog.append(db, AuditEntry(time: founded.addingTimeInterval(-500_000), activity: "wipe ManagedDevice", result: .success,
                                               actor: "Intune service", actorType: .service, deviceId: "d-1", deviceName: "LEGACY-1"))
        }
        // And one without a device name, found by its device's id.
        try store.write { db in
            try AuditLog.append(db, AuditEntry(time: founded.addingTimeInterval(120), activity: "sync ManagedDevice", result: .success,
                                               actor: "Intune service", actorType: .service, deviceId: "d-12", deviceName: nil))
        }
        for query in [AuditQuery(activity: "wipe"), AuditQuery(device: "LEGACY-1"), AuditQuery(device: "d-12")] {
            let whole = try store.auditEntries(query).map(\.id)
            #expect(try store.auditWindow(query, start: .first, limit: 5000).entries.map(\.id) == whole, "\(query)")
            #expect(try store.auditCount(query) == whole.count, "\(query) count")
        }
    }

    @Test("A word is looked up as all its trigrams, quoted; under three characters no index serves it")
    func trigrams() {
        #expect(AuditSearch.match("ro") == nil)
        #expect(AuditSearch.match("rossi") == "\"ros\" AND \"oss\" AND \"ssi\"")
        #expect(AuditSearch.match("aaaa") == "\"aaa\"")
        #expect(AuditSearch.match("a\"b") == "\"a\"\"b\"")
        #expect(AuditSearch.plan(AuditQuery(actor: "ro")) == nil)
        #expect(AuditSearch.plan(AuditQuery(from: "10.0.0.1")) == nil)
        #expect(AuditSearch.plan(AuditQuery(actor: "ro", activity: "wipe"))?.streams.count == 1)
        #expect(AuditSearch.plan(AuditQuery(text: "wipe"))?.streams.count == 3)
        #expect(AuditSearch.plan(AuditQuery(device: "LEGACY"))?.streams.count == 2, "a device by name, and by id")
    }
}
