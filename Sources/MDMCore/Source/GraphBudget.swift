import Foundation
import GRDB

/// One Graph request budget for every process of a connected store (its consoles, `sync` from
/// cron, `run`): the service throttles per application and per tenant, not per process, so the
/// processes share what it allows instead of each spending it.
///
/// - A 429's `Retry-After` is recorded here and honoured by every process: nothing is sent
///   before it runs out, and then actions go first (reads wait a second longer).
/// - In any 20 s, reads (syncs) may take at most `readShare` requests, half of what Intune
///   allows one application (2,000 requests per 20 s): the other half is kept for actions and
///   the reads that follow them, so a sync of a million devices never leaves the help desk's
///   wipes waiting. Writes are held to the application's write limit (200 per 20 s for Intune
///   devices), so a process never sends what the service would refuse.
///
/// The windows slide, as the service's do: each request admitted is logged with its time, and
/// one is admitted when fewer than the limit were sent in the last 20 s (and a little more,
/// for the time a request takes to reach the service). Fixed windows let twice the limit
/// through across a window's edge, which the service answered with 429s.
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
            try Self.ensureRow(db)
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

    /// How much longer than the service's window a request is counted here: the service
    /// counts it when it arrives, a little after it is admitted.
    public static let arrivalMargin: TimeInterval = 0.5

    static func limit(_ kind: Kind) -> Int { kind == .read ? readShare : applicationWrites }

    /// Nil: send one request of `kind` now (it is counted); otherwise how long to wait first.
    public func admit(_ kind: Kind, now: Date = Date()) throws -> Wait? {
        try store.write { db in
            try Self.ensureRow(db)
            if let until = try Date.fetchOne(db, sql: "SELECT throttledUntil FROM graphBudget WHERE id = 1"), until > now {
                return Wait(seconds: until.timeIntervalSince(now) + (kind == .read ? Self.readsYield : 0), throttled: true)
            }
            let counted = now.addingTimeInterval(-(Self.window + Self.arrivalMargin))
            // Older requests no longer count; ones after `now` were logged by a clock since set back.
            try db.execute(sql: "DELETE FROM graphRequestLog WHERE sentAt <= ? OR sentAt > ?", arguments: [counted, now])
            let name = kind == .read ? "read" : "write"
            let sent = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM graphRequestLog WHERE kind = ?", arguments: [name]) ?? 0
            let limit = Self.limit(kind)
            if sent >= limit {
                // The request that must leave the window before another may go.
                let leaving = try Date.fetchOne(db, sql: "SELECT sentAt FROM graphRequestLog WHERE kind = ? ORDER BY sentAt LIMIT 1 OFFSET ?",
                                                arguments: [name, sent - limit]) ?? now
                return Wait(seconds: max(0.01, leaving.timeIntervalSince(counted)), throttled: false)
            }
            try db.execute(sql: "INSERT INTO graphRequestLog (kind, sentAt) VALUES (?, ?)", arguments: [name, now])
            return nil
        }
    }

    /// Until when the service said to wait, if that is still ahead.
    public func throttledUntil(now: Date = Date()) throws -> Date? {
        try store.read { db in try Date.fetchOne(db, sql: "SELECT throttledUntil FROM graphBudget WHERE id = 1") }.flatMap { $0 > now ? $0 : nil }
    }

    static func ensureRow(_ db: Database) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO graphBudget (id, throttledUntil) VALUES (1, NULL)")
    }
}
