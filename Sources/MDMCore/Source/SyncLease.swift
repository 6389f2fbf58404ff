import Foundation
import GRDB

/// One sync for every console of a connected store: a process syncs only while it holds the
/// lease (renewed as it goes); every other console follows the store's revision. A holder that
/// dies stops renewing, and its lease runs out: the next process to look takes it over.
public struct SyncLease: Sendable {
    public let store: TenantStore
    /// This process's name in the lease: its host, pid and a random part (a pid is reused).
    public let holder: String
    /// How long a lease lasts unless renewed (a sync renews it at least every third of it).
    public let duration: TimeInterval

    public static let defaultDuration: TimeInterval = 90

    public init(store: TenantStore, holder: String = SyncLease.processHolder, duration: TimeInterval = SyncLease.defaultDuration) {
        self.store = store
        self.holder = holder
        self.duration = duration
    }

    public static let processHolder = "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UUID().uuidString.prefix(8).lowercased())"

    /// Who holds it and until when, if anyone does now.
    public struct Held: Error, Sendable, Equatable, CustomStringConvertible {
        public let holder: String
        public let until: Date
        public var pid: Int32? { holder.split(separator: ":").dropFirst().first.flatMap { Int32($0) } }
        public var description: String {
            "another process (\(holder)) is syncing this store; its lease runs to \(DateText.iso(until))"
        }
    }

    /// Takes the lease, or renews it if this process holds it; throws `Held` if another
    /// process holds it and it has not run out.
    public func acquire(now: Date = Date()) throws {
        try store.write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT holder, expiresAt FROM syncLease WHERE id = 1") {
                let current: String = row["holder"], expiresAt: Date = row["expiresAt"]
                if current != holder, expiresAt > now { throw Held(holder: current, until: expiresAt) }
            }
            try db.execute(sql: "INSERT OR REPLACE INTO syncLease (id, holder, expiresAt) VALUES (1, ?, ?)",
                           arguments: [holder, now.addingTimeInterval(duration)])
        }
    }

    /// Gives it up, if this process holds it.
    public func release() throws {
        try store.write { db in try db.execute(sql: "DELETE FROM syncLease WHERE id = 1 AND holder = ?", arguments: [holder]) }
    }

    /// The lease now, if one is held and has not run out.
    public func current(now: Date = Date()) throws -> Held? {
        try store.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT holder, expiresAt FROM syncLease WHERE id = 1") else { return nil }
            let held = Held(holder: row["holder"], until: row["expiresAt"])
            return held.until > now ? held : nil
        }
    }
}
