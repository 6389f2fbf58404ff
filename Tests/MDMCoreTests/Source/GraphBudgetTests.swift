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

    @Test("Reads take at most half of the application's 2,000 requests per 20 s; writes at most its 200; each goes again once its oldest has left the window")
    func shares() throws {
        let (store, folder) = try connected()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let budget = GraphBudget(store: store)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let window = GraphBudget.window + GraphBudget.arrivalMargin
        for _ in 0..<GraphBudget.readShare { #expect(try budget.admit(.read, now: start) == nil) }
        let wait = try #require(try budget.admit(.read, now: start.addingTimeInterval(4)))
        #expect(abs(wait.seconds - (window - 4)) < 0.001 && !wait.throttled)
        #expect(try budget.admit(.write, now: start.addingTimeInterval(4)) == nil, "a sync that spent its share leaves the actions theirs")
        for _ in 1..<GraphBudget.applicationWrites { _ = try budget.admit(.write, now: start.addingTimeInterval(5)) }
        #expect(try budget.admit(.write, now: start.addingTimeInterval(5)) != nil)
        #expect(try budget.admit(.read, now: start.addingTimeInterval(window - 0.1)) != nil, "not before the first reads have left")
        #expect(try budget.admit(.read, now: start.addingTimeInterval(window + 0.1)) == nil, "then again")
    }

    @Test("No 20 s anywhere holds more than the limit: the writes at a window's end still count at the next one's start")
    func slidingEdge() throws {
        let (store, folder) = try connected()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let budget = GraphBudget(store: store)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(try budget.admit(.write, now: start) == nil)
        for _ in 1..<GraphBudget.applicationWrites { #expect(try budget.admit(.write, now: start.addingTimeInterval(19.9)) == nil) }
        // Fixed windows would start afresh at 20 s and let 200 more through within 0.1 s of these.
        let edge = try #require(try budget.admit(.write, now: start.addingTimeInterval(20.1)))
        #expect(abs(edge.seconds - (GraphBudget.window + GraphBudget.arrivalMargin - 20.1)) < 0.001, "until the one sent at 0 s has left")
        #expect(try budget.admit(.write, now: start.addingTimeInterval(20.6)) == nil, "that one may go")
        #expect(try budget.admit(.write, now: start.addingTimeInterval(20.7)) != nil, "the 199 sent at 19.9 s still count")
        #expect(try budget.admit(.write, now: start.addingTimeInterval(40.5)) == nil, "until they leave")
    }

    @Test("A clock set back does not hold requests until it catches up with the times logged")
    func clockSetBack() throws {
        let (store, folder) = try connected()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let budget = GraphBudget(store: store)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for _ in 0..<GraphBudget.applicationWrites { _ = try budget.admit(.write, now: start) }
        #expect(try budget.admit(.write, now: start.addingTimeInterval(-3600)) == nil)
    }
}
