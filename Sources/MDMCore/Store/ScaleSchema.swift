import GRDB

/// What keeps the All devices list instant on a million devices (migration v4):
/// - one index per sort order, ending with `id`, so a window is a range of one index
///   (keyset paging, never OFFSET);
/// - a trigram full-text index over the searched columns, so a substring search looks up
///   candidates instead of scanning every row;
/// - a tally of devices per platform kept by triggers, so the counts in the header cost
///   nothing.
///
/// Frozen: this is migration v4's definition, run once per store. A change to the indexes
/// or the searched columns is a new migration, never an edit here (live code reads
/// `searchedColumns` because the index it built has exactly those).
enum ScaleSchema {
    /// The columns the device filter searches (`DeviceQuery.search`).
    static let searchedColumns = ["name", "primaryUserUPN", "primaryUserDisplayName", "primaryUserEmail", "serialNumber", "model"]

    static func create(_ db: Database) throws {
        try db.execute(sql: """
            DROP INDEX device_lastCheckIn;
            CREATE INDEX device_by_name ON device(name COLLATE NOCASE, id);
            CREATE INDEX device_by_checkIn ON device(lastCheckInAt, id);
            CREATE INDEX device_by_platform ON device(platform, name COLLATE NOCASE, id);
            CREATE INDEX device_by_user ON device(primaryUserUPN COLLATE NOCASE, name COLLATE NOCASE, id);
            CREATE INDEX device_by_compliance ON device(complianceState, name COLLATE NOCASE, id);
            """)
        try createSearchIndex(db)
        try createTally(db)
    }

    /// External-content FTS5: the index only, the text stays in `device`, kept in step by
    /// triggers. It is keyed by the device table's rowid, which stays stable as long as the
    /// file is never VACUUMed (nothing in mdmconsole does).
    static func createSearchIndex(_ db: Database) throws {
        let columns = searchedColumns.joined(separator: ", ")
        let new = searchedColumns.map { "new.\($0)" }.joined(separator: ", ")
        let old = searchedColumns.map { "old.\($0)" }.joined(separator: ", ")
        let changed = searchedColumns.map { "old.\($0) IS NOT new.\($0)" }.joined(separator: " OR ")
        try db.execute(sql: """
            CREATE VIRTUAL TABLE device_search USING fts5(\(columns), content='device', tokenize='trigram');
            CREATE TRIGGER device_search_insert AFTER INSERT ON device BEGIN
              INSERT INTO device_search(rowid, \(columns)) VALUES (new.rowid, \(new));
            END;
            CREATE TRIGGER device_search_delete AFTER DELETE ON device BEGIN
              INSERT INTO device_search(device_search, rowid, \(columns)) VALUES ('delete', old.rowid, \(old));
            END;
            CREATE TRIGGER device_search_update AFTER UPDATE OF \(columns) ON device WHEN \(changed) BEGIN
              INSERT INTO device_search(device_search, rowid, \(columns)) VALUES ('delete', old.rowid, \(old));
              INSERT INTO device_search(rowid, \(columns)) VALUES (new.rowid, \(new));
            END;
            INSERT INTO device_search(device_search) VALUES ('rebuild');
            """)
    }

    static func createTally(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE deviceTally(platform TEXT PRIMARY KEY, devices INTEGER NOT NULL) WITHOUT ROWID;
            INSERT INTO deviceTally(platform, devices) SELECT platform, COUNT(*) FROM device GROUP BY platform;
            CREATE TRIGGER deviceTally_insert AFTER INSERT ON device BEGIN
              INSERT INTO deviceTally(platform, devices) VALUES (new.platform, 1)
                ON CONFLICT(platform) DO UPDATE SET devices = devices + 1;
            END;
            CREATE TRIGGER deviceTally_delete AFTER DELETE ON device BEGIN
              UPDATE deviceTally SET devices = devices - 1 WHERE platform = old.platform;
            END;
            CREATE TRIGGER deviceTally_platform AFTER UPDATE OF platform ON device WHEN old.platform IS NOT new.platform BEGIN
              UPDATE deviceTally SET devices = devices - 1 WHERE platform = old.platform;
              INSERT INTO deviceTally(platform, devices) VALUES (new.platform, 1)
                ON CONFLICT(platform) DO UPDATE SET devices = devices + 1;
            END;
            """)
    }
}
