import Foundation
import GRDB

/// One Graph request budget for every process of a connected store (its consoles, `sync` from
/// cron, `run`): the service throttles per application and per tenant, not per process, so the
/// processes share what it allows instead of each spending it.
///
/// - A 429's `Retry-After` is recorded here and honoured by every process: nothing is sent
///   before it runs out, and then actions go first (reads wait a second longer).
/// - Within each 20 s window, reads (syncs) may take at most `readShare` requests, half of
///   what Intune allows one application (2,000 requests per 20 s): the other half is kept for
///   actions and the reads that follow them, so a sync of a million devices never leaves the
///   help desk's wipes waiting. Writes are held to the application's write limit (200 per
///   20 s for Intune devices), so a process never sends what the service would refuse.
public struct GraphBudget: Sendable {
    public let store: TenantStore
    public enum Kind: Sendable { case read, write }

    /// Intune's documented limits for one application, per 20 s (Microsoft Graph throttling
    /// guidance, Intune devices): any request 2,000, writes 200.
    public static let window: TimeInterval = 20
    public static let applicationRequests = 2000
    public static let applicationWrites = 200
    public static let readShare = applicationRequests / 2
    /// After a 429 actions go first: reads wait this much longer.
    public static let readsYield: TimeInterval = 1

    public init(store: TenantStore) { self.store = store }

    /// The service said to wait until `until` (a 429): every process of the store does.
    public func throttled(until: Date) throws {
        try store.write { db in
            try Self.ensureRow(db, now: Date())
            try db.execute(sql: "UPDATE graphBudget SET throttledUntil = MAX(COALESCE(throttledUntil, ?), ?) WHERE id = 1",
                           arguments: [until, until])
        }
    }

    /// Why and how long a request must wait.
    public struct Wait: Sendable, Equatable {
        public let seconds: TimeInterval
        /// True: the service's 429 (told to one process, honoured by all); false: this window's share is spent.
        public let throttled: Bool
        public var reason: String {
            throttled ? "throttled (429), for every process of the store" : "this store's Graph budget for these 20 s is spent"
        }
    }

    /// Nil: send one request of `kind` now (it is counted); otherwise how long to wait first.
    public func admit(_ kind: Kind, now: Date = Date()) throws -> Wait? {
        try store.write { db in
            try Self.ensureRow(db, now: now)
            let row = try Row.fetchOne(db, sql: "SELECT throttledUntil, windowStart, reads, writes FROM graphBudget WHERE id = 1")!
            if let until: Date = row["throttledUntil"], until > now {
                return Wait(seconds: until.timeIntervalSince(now) + (kind == .read ? Self.readsYield : 0), throttled: true)
            }
            var start: Date = row["windowStart"]
            var reads: Int = row["reads"], writes: Int = row["writes"]
            if now.timeIntervalSince(start) >= Self.window || now < start {
                (start, reads, writes) = (now, 0, 0)
            }
            switch kind {
            case .read where reads >= Self.readShare, .write where writes >= Self.applicationWrites:
                return Wait(seconds: start.addingTimeInterval(Self.window).timeIntervalSince(now), throttled: false)
            case .read: reads += 1
            case .write: writes += 1
            }
            try db.execute(sql: "UPDATE graphBudget SET windowStart = ?, reads = ?, writes = ? WHERE id = 1", arguments: [start, reads, writes])
            return nil
        }
    }

    /// Until when the service said to wait, if that is still ahead.
    public func throttledUntil(now: Date = Date()) throws -> Date? {
        try store.read { db in try Date.fetchOne(db, sql: "SELECT throttledUntil FROM graphBudget WHERE id = 1") }.flatMap { $0 > now ? $0 : nil }
    }

    static func ensureRow(_ db: Database, now: Date) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO graphBudget (id, throttledUntil, windowStart, reads, writes) VALUES (1, NULL, ?, 0, 0)", arguments: [now])
    }
}
