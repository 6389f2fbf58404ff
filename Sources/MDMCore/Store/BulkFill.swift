import GRDB

/// Setting the device table's indexes and triggers aside for a bulk fill, and putting them
/// back: SQLite builds an index from scratch by sorting, far faster than a million random
/// inserts into each of seven indexes and the trigram index. Their definitions are read back
/// from the schema itself, so they come back exactly as the migrations made them.
package enum BulkFill {
    package struct SetAside {
        let definitions: [String]
    }

    package static func setAside(_ db: Database) throws -> SetAside {
        try setAside(db, table: "device")
    }

    /// `table`'s indexes and triggers, but for `keeping` (the audit log's refusals of edits
    /// and deletions stay: a bulk fill only appends).
    package static func setAside(_ db: Database, table: String, keeping: Set<String> = []) throws -> SetAside {
        let rows = try Row.fetchAll(db, sql: """
            SELECT type, name, sql FROM sqlite_master
            WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL
            """, arguments: [table]).filter { !keeping.contains($0["name"]) }
        for row in rows {
            let type: String = row["type"], name: String = row["name"]
            try db.execute(sql: "DROP \(type == "index" ? "INDEX" : "TRIGGER") \(name.quotedDatabaseIdentifier)")
        }
        return SetAside(definitions: rows.map { $0["sql"] })
    }

    /// Recreates what was set aside and brings what the triggers keep (the trigram index, the
    /// tally) in step with the rows.
    package static func restore(_ setAside: SetAside, _ db: Database, progress: (Double) -> Void = { _ in }) throws {
        let steps = Double(setAside.definitions.count + 1)
        for (index, definition) in setAside.definitions.enumerated() {
            try db.execute(sql: definition)
            progress(Double(index + 1) / steps)
        }
        try db.execute(sql: "INSERT INTO device_search(device_search) VALUES ('rebuild')")
        try DeviceTally.recount(db)
    }

    /// The audit log's indexes and search triggers, set aside while years of history are
    /// appended in order; the entries' hash chain is written as ever.
    package static func setAsideAudit(_ db: Database) throws -> SetAside {
        try setAside(db, table: "auditEntry", keeping: ["auditEntry_no_update", "auditEntry_no_delete"])
    }

    /// `appendedInTimeOrder`: the log was empty and every entry came in time order (the demo's
    /// older history), so none is late.
    package static func restoreAudit(_ setAside: SetAside, _ db: Database, appendedInTimeOrder: Bool) throws {
        for definition in setAside.definitions { try db.execute(sql: definition) }
        try AuditSearchSchema.rebuild(db, appendedInTimeOrder: appendedInTimeOrder)
    }
}
