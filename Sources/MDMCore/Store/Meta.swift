import Foundation
import GRDB

/// The tenant's small settings: its name, its clock, how it was made.
package enum Meta {
    package static func get(_ db: Database, _ key: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
    }

    package static func set(_ db: Database, _ key: String, _ value: String) throws {
        try db.execute(sql: "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       arguments: [key, value])
    }
}

extension Meta {
    /// Every committed write bumps the revision (see `TenantStore.write`).
    package static func bumpRevision(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO meta(key, value) VALUES ('revision', '1')
            ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1
            """)
    }

    package static func revision(_ db: Database) throws -> Int64 {
        Int64(try get(db, "revision") ?? "0") ?? 0
    }
}
