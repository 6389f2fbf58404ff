import GRDB
import MDMCore

/// A store as a version from before the search indexes left it (migrations v9 and v10 not
/// yet applied), made from a current one: what the bench and the tests open to watch a long
/// upgrade. Only the two migrations' own objects are dropped; every row stays.
public enum OlderSchema {
    public static func removeSearchIndexes(at path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: """
                DROP TRIGGER IF EXISTS auditEntry_search;
                DROP TRIGGER IF EXISTS auditEntry_late;
                DROP TABLE IF EXISTS audit_actor_search;
                DROP TABLE IF EXISTS audit_activity_search;
                DROP TABLE IF EXISTS audit_device_search;
                DROP TABLE IF EXISTS auditLate;
                DROP INDEX IF EXISTS device_searchText;
                DELETE FROM grdb_migrations WHERE identifier LIKE 'v9:%' OR identifier LIKE 'v10:%';
                """)
        }
        try queue.close()
    }
}
