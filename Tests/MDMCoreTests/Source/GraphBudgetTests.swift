import Foundation
import Testing
@testable import MDMCore

/// One Graph request budget for every process of a connected store.
@Suite("Graph budget per store")
struct GraphBudgetTests {
    func connected() throws -> (TenantStore, String) { try Fixtures.connectedStore("budget") }

    @Test("A 429 told to one process holds every process until it runs out; then actions go first")
    func throttledForAll() throws {
        let (store, folder) = try connected()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        try GraphBudget(store: store).throttled(until: now.addingTimeInterval(5))
        // Another process of the store, a budget of its own over the same file.
        let other = GraphBudget(store: try TenantStore(path: store.path))
        #expect(try other.admit(.write, now: now) == GraphBudget.Wait(seconds: 5, throttled: true))
        #expect(try other.admit(.read, now: now) == GraphBudget.Wait(seconds: 5 + GraphBudget.readsYield, throttled: true), "reads yield to actions")
        #expect(try other.admit(.write, now: now.addingTimeInterval(5.5)) == nil)
        #expect(try other.admit(.read, now: now.addingTimeInterval(5.5)) == nil)
        // A shorter Retry-After later does not shorten a longer one.
        try other.throttled(until: now.addingTimeInterval(30))
        try GraphBudget(store: store).throttled(until: now.addingTimeInterval(10))
        #expect(try other.throttledUntil(now: now) == now.addingTimeInterval(30))
    }

    @Test("Reads take at most half of the application's 2,000 requests per 20 s; writes at most its 200; the next window starts afresh")
    func shares() throws {
        let (store, folder) = try connected()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let budget = GraphBudget(store: store)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for _ in 0..<GraphBudget.readShare { #expect(try budget.admit(.read, now: start) == nil) }
        let wait = try #require(try budget.admit(.read, now: start.addingTimeInterval(4)))
        #expect(wait.seconds == 16 && !wait.throttled)
        #expect(try budget.admit(.write, now: start.addingTimeInterval(4)) == nil, "a sync that spent its share leaves the actions theirs")
        for _ in 1..<GraphBudget.applicationWrites { _ = try budget.admit(.write, now: start.addingTimeInterval(5)) }
        #expect(try budget.admit(.write, now: start.addingTimeInterval(5)) != nil)
        #expect(try budget.admit(.read, now: start.addingTimeInterval(20)) == nil, "a new window")
    }
}
