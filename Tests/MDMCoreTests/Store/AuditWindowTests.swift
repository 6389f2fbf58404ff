import Foundation
import Testing
@testable import MDMCore
@testable import MDMDemo

/// The audit pane reads the log a window at a time by keyset: the same entries, in the same
/// order, as reading the whole log.
@Suite("Audit windows")
struct AuditWindowTests {
    static let store: TenantStore = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mdmconsole-auditwindow-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("tenant.sqlite").path
        try! DemoTenant.build(at: path, options: DemoTenant.Options(deviceCount: 200, seed: 2, now: Fixtures.now, creator: "maria@contoso.com",
                                                                     auditEntries: 6000), replace: false)
        return try! TenantStore(path: path)
    }()

    static let queries = [AuditQuery(), AuditQuery(actor: "helpdesk"), AuditQuery(activity: "wipe", result: .success), AuditQuery(text: "nothing like this")]

    @Test("Paging older by keyset, and newer from the oldest, gives the whole log in order")
    func paging() throws {
        for query in Self.queries {
            let whole = try Self.store.auditEntries(query)
            var forward: [AuditEntry] = []
            var start = AuditWindowStart.first
            while true {
                let window = try Self.store.auditWindow(query, start: start, limit: 97)
                forward += window.entries
                guard window.isFull, let last = window.entries.last else { break }
                start = .after(AuditKey(last))
            }
            #expect(forward.map(\.id) == whole.map(\.id), "\(query)")
            var backward: [AuditEntry] = []
            start = .last
            while true {
                let window = try Self.store.auditWindow(query, start: start, limit: 89)
                backward = window.entries + backward
                guard window.isFull, let first = window.entries.first else { break }
                start = .before(AuditKey(first))
            }
            #expect(backward.map(\.id) == whole.map(\.id), "\(query)")
        }
    }

    @Test("The size of the whole log is known at once; a filter's is estimated, then counted")
    func counts() throws {
        let all = try #require(try Self.store.auditWindow(AuditQuery(), start: .first, limit: 10, counting: true).count)
        let rows = try Self.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM auditEntry") }
        #expect(all.isExact)
        #expect(all.value == rows, "the last id is the log's size")
        #expect(try Self.store.auditCount(AuditQuery()) == rows)
        let query = AuditQuery(actor: "helpdesk")
        let estimate = try #require(try Self.store.auditWindow(query, start: .first, limit: 10, counting: true).count)
        let exact = try Self.store.auditCount(query)
        #expect(!estimate.isExact)
        #expect(abs(Double(estimate.value - exact)) < 0.15 * Double(exact), "estimate \(estimate.value), exact \(exact)")
    }

    @Test("A filter no index serves is tried on the newest entries of its range only, and says so; since:/until: reach older ones")
    func boundedSearch() throws {
        let whole = try Self.store.auditEntries(AuditQuery())
        // Two characters: too short for a trigram index (AuditSearchTests cover what one serves).
        let query = AuditQuery(actor: "he")
        let expected = whole.prefix(1000).filter { $0.actor.lowercased().contains("he") }.map(\.id)
        let window = try Self.store.read { db in try AuditLog.window(db, query, start: .first, limit: 5000, counting: true, bound: 1000) }
        #expect(window.entries.map(\.id) == expected)
        #expect(window.searchedNewestOnly)
        #expect(window.count == MatchCount(value: expected.count, isExact: true))
        // An older range: the bound counts from its own newest entry.
        let until = whole[3000].time
        let older = AuditQuery(actor: "he", until: until)
        let olderExpected = whole.filter { $0.time <= until }.prefix(1000).filter { $0.actor.lowercased().contains("he") }.map(\.id)
        let olderWindow = try Self.store.read { db in try AuditLog.window(db, older, start: .first, limit: 5000, counting: true, bound: 1000) }
        #expect(olderWindow.entries.map(\.id) == olderExpected)
        #expect(!olderExpected.isEmpty)
        // Under the bound, nothing is left out and nothing is said.
        let all = try Self.store.read { db in try AuditLog.window(db, query, start: .first, limit: 10000, counting: true) }
        #expect(!all.searchedNewestOnly)
        #expect(all.entries.map(\.id) == whole.filter { $0.actor.lowercased().contains("he") }.map(\.id))
    }
}
