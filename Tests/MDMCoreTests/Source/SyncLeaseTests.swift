import Foundation
import Testing
@testable import MDMCore

/// One sync for every console of a store: the lease in the store.
@Suite("Sync lease")
struct SyncLeaseTests {
    func connected() throws -> (TenantStore, String) { try Fixtures.connectedStore("lease") }

    @Test("One holder at a time; it renews its own; a lease that runs out is taken over; a release frees it only by its holder")
    func oneHolder() throws {
        let (store, folder) = try connected()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let first = SyncLease(store: store, holder: "host:100:a", duration: 90)
        let second = SyncLease(store: store, holder: "host:200:b", duration: 90)
        try first.acquire(now: start)
        let held = #expect(throws: SyncLease.Held.self) { try second.acquire(now: start.addingTimeInterval(30)) }
        #expect(held?.holder == "host:100:a" && held?.pid == 100 && held?.until == start.addingTimeInterval(90))
        try first.acquire(now: start.addingTimeInterval(60))  // renewed: now to 150 s
        #expect(throws: SyncLease.Held.self) { try second.acquire(now: start.addingTimeInterval(120)) }
        // The first holder dies: nothing renews it, and after it runs out the second takes it.
        try second.acquire(now: start.addingTimeInterval(151))
        #expect(try second.current(now: start.addingTimeInterval(152))?.holder == "host:200:b")
        try first.release()
        #expect(try second.current(now: start.addingTimeInterval(152))?.holder == "host:200:b", "a former holder cannot free another's lease")
        try second.release()
        #expect(try first.current(now: start.addingTimeInterval(152)) == nil)
    }

    @Test("A sync is due when none began within the interval, by any process; a failed one counts as begun")
    func due() {
        var status = MirrorStatus()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(status.syncDue(every: 60, now: now))
        status.lastCompleteSync = now.addingTimeInterval(-30)
        #expect(!status.syncDue(every: 60, now: now))
        status.lastCompleteSync = now.addingTimeInterval(-600)
        status.lastAttempt = now.addingTimeInterval(-10)
        #expect(!status.syncDue(every: 60, now: now), "a failed attempt 10 s ago is not retried by every console at once")
        #expect(status.syncDue(every: 60, retryingFailures: true, now: now), "a console opening tries again")
        status.lastCompleteSync = now.addingTimeInterval(-20)
        status.offlineSince = now.addingTimeInterval(-5)
        #expect(!status.syncDue(every: 60, now: now) && status.syncDue(every: 60, retryingFailures: true, now: now),
                "a console opening on an offline mirror tries again, even soon after a complete sync")
        #expect(status.syncDue(every: 60, now: now.addingTimeInterval(50)))
    }
}
