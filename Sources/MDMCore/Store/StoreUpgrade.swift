import Foundation
import GRDB
import GRDBSQLite

/// How far a store's upgrade (its pending migrations) has come, for a progress bar.
///
/// Each migration is one transaction (GRDB runs them so): an upgrade interrupted by Ctrl-C,
/// a kill or a power cut rolls back the migration it was in, keeps the ones before it, and
/// the next open goes on from there. Nothing is half-migrated.
public enum StoreUpgrade {
    public struct Progress: Sendable, Equatable {
        /// Of the whole upgrade, from 0 to 1 (1 once the last migration has committed).
        public var fraction: Double
        /// The migration running, from 1, of `steps`.
        public var step: Int
        public var steps: Int
        /// Its identifier ("v9: the audit log's filters served by trigram indexes, …").
        public var migration: String
        /// Devices and audit entries of the store, which the long migrations go through.
        public var devices: Int
        public var auditEntries: Int

        public var percent: Int { Int((fraction * 100).rounded(.down)) }
    }

    /// What SQLite does per row in the migrations that go through every device or audit
    /// entry, in progress-handler ticks (one per `tickInstructions` virtual machine
    /// instructions); the others touch a few rows or only the schema. Measured for v9 and v10
    /// on a demo tenant of 100k devices and 1M entries (release build): 16,748 ticks in 17.5 s
    /// for v9, 290 in 0.27 s for v10, so a tick is about a millisecond in both and the bar moves
    /// with time. v2 (hashes computed in Swift) and v4 are estimates: only stores made before
    /// their versions meet them. A migration that runs longer than its estimate holds at its
    /// end until it commits.
    static let costs: [String: (perDevice: Double, perEntry: Double)] = [
        "v2": (0, 0.02),
        "v4": (0.03, 0),
        "v9": (0, 0.0167),
        "v10": (0.0029, 0),
    ]
    static let tickInstructions: Int32 = 10_000

    static func cost(_ identifier: String, devices: Int, auditEntries: Int) -> Double {
        let version = String(identifier.prefix { $0 != ":" })
        guard let cost = costs[version] else { return 1 }
        return 1 + cost.perDevice * Double(devices) + cost.perEntry * Double(auditEntries)
    }

    /// Counts the ticks of each migration as it runs and reports the whole upgrade's progress
    /// when its percentage changes. Runs on the writer's connection, one migration at a time.
    final class Observer: @unchecked Sendable {
        private let pending: [String]
        private let costs: [Double]
        private let total: Double
        private let devices: Int
        private let auditEntries: Int
        private let report: (Progress) -> Void
        private var finished = 0.0
        private var ticks = 0.0
        private var current = 0
        private var lastReported: (step: Int, percent: Int)?

        init(pending: [String], devices: Int, auditEntries: Int, report: @escaping (Progress) -> Void) {
            self.pending = pending
            self.devices = devices
            self.auditEntries = auditEntries
            self.report = report
            costs = pending.map { StoreUpgrade.cost($0, devices: devices, auditEntries: auditEntries) }
            total = max(1, costs.reduce(0, +))
        }

        func begin(_ identifier: String, _ db: Database) {
            current = pending.firstIndex(of: identifier) ?? current
            ticks = 0
            sqlite3_progress_handler(db.sqliteConnection, StoreUpgrade.tickInstructions, { context in
                guard let context else { return 0 }
                Unmanaged<Observer>.fromOpaque(context).takeUnretainedValue().tick()
                return 0
            }, Unmanaged.passUnretained(self).toOpaque())
            publish()
        }

        func end(_ identifier: String, _ db: Database) {
            sqlite3_progress_handler(db.sqliteConnection, 0, nil, nil)
            if current < costs.count { finished += costs[current] }
            ticks = 0
            publish()
        }

        private func tick() {
            ticks += 1
            publish()
        }

        /// Reported when the step or the whole percentage changes (ticks come thousands a second).
        private func publish() {
            let running = current < costs.count ? min(ticks, costs[current] * 0.99) : 0
            let fraction = min(1, (finished + running) / total)
            let progress = Progress(fraction: fraction, step: min(current + 1, pending.count), steps: pending.count,
                                    migration: current < pending.count ? pending[current] : "", devices: devices, auditEntries: auditEntries)
            guard lastReported?.step != progress.step || lastReported?.percent != progress.percent else { return }
            lastReported = (progress.step, progress.percent)
            report(progress)
        }
    }

    /// The observer of `writer`'s pending migrations, or nil when there are none.
    static func observer(_ writer: any DatabaseWriter, report: @escaping (Progress) -> Void) throws -> Observer? {
        try writer.read { db in
            let migrator = Schema.migrator
            let applied = try db.tableExists("grdb_migrations") ? try migrator.appliedIdentifiers(db) : []
            let pending = migrator.migrations.filter { !applied.contains($0) }
            guard !pending.isEmpty else { return nil }
            // The largest rowids: the rows' count within a few deleted ones, read without a scan.
            let devices = try db.tableExists("device") ? try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(rowid), 0) FROM device") ?? 0 : 0
            let entries = try db.tableExists("auditEntry") ? try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(rowid), 0) FROM auditEntry") ?? 0 : 0
            return Observer(pending: pending, devices: devices, auditEntries: entries, report: report)
        }
    }
}
