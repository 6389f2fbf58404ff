import GRDB

/// What lets the audit pane filter ten million entries within a frame (migration v9):
/// - a trigram full-text index per searched column (actor, activity, device name), each
///   giving its matches in id order, so a window reads about as many entries as it shows;
/// - `auditLate`, the entries appended out of time order (a service's events read after
///   entries written here): every other entry's place by id is its place by time, so the
///   id order of the indexes is the pane's order once these few are merged back in.
///
/// The indexes keep one entry per trigram and row (`detail='none'`, a third of the size of
/// the default): a word of more than three characters is looked up as all of its trigrams,
/// and the LIKE test on the row, always applied, keeps only true matches.
///
/// Frozen: migration v9's definition. Live code reads `columns` because the indexes it
/// built are exactly these.
enum AuditSearchSchema {
    /// Column searched → its index.
    static let columns: [(column: String, index: String)] = [
        ("actor", "audit_actor_search"), ("activity", "audit_activity_search"), ("deviceName", "audit_device_search"),
    ]

    static func create(_ db: Database) throws {
        for (column, index) in columns {
            try db.execute(sql: """
                CREATE VIRTUAL TABLE \(index) USING fts5(\(column), content='auditEntry', content_rowid='id', tokenize='trigram', detail='none');
                """)
        }
        try createTriggers(db)
        try db.execute(sql: """
            CREATE TABLE auditLate(id INTEGER PRIMARY KEY, time TEXT NOT NULL);
            CREATE INDEX auditLate_time ON auditLate(time, id);
            """)
        try rebuild(db)
    }

    /// The triggers of the append path, the log's only writer (R18: nothing updates or deletes).
    static func createTriggers(_ db: Database) throws {
        let inserts = columns.map { "INSERT INTO \($0.index)(rowid, \($0.column)) VALUES (new.id, new.\($0.column));" }.joined(separator: "\n  ")
        try db.execute(sql: """
            CREATE TRIGGER auditEntry_search AFTER INSERT ON auditEntry BEGIN
              \(inserts)
            END;
            CREATE TRIGGER auditEntry_late AFTER INSERT ON auditEntry
            WHEN new.time < (SELECT MAX(time) FROM auditEntry) BEGIN
              INSERT INTO auditLate(id, time) VALUES (new.id, new.time);
            END;
            """)
    }

    /// Brings the indexes and `auditLate` in step with every entry (after the migration, or a
    /// bulk fill that set the triggers aside).
    ///
    /// Any set of entries will do as `auditLate` if the others, by id, never go back in time;
    /// the smaller the better (they are walked). Two such sets are computed and the smaller kept:
    /// the entries older than one before them (what the trigger adds as entries come), and the
    /// entries newer than one after them (a log that began with a few entries dated after the
    /// history appended next, as demos made before this version did: those few, not the history).
    /// Whichever is kept, the trigger stays right from then on: it only adds entries.
    static func rebuild(_ db: Database, appendedInTimeOrder: Bool = false) throws {
        for (_, index) in columns { try db.execute(sql: "INSERT INTO \(index)(\(index)) VALUES ('rebuild')") }
        // Entries appended in time order since the log was empty leave nothing late (two passes
        // over every entry saved: half a minute on ten million).
        if appendedInTimeOrder { return }
        let olderThanBefore = """
            SELECT id, time FROM (SELECT id, time, MAX(time) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS edge FROM auditEntry)
            WHERE time < edge
            """
        let newerThanAfter = """
            SELECT id, time FROM (SELECT id, time, MIN(time) OVER (ORDER BY id ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS edge FROM auditEntry)
            WHERE time > edge
            """
        let countA = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (\(olderThanBefore))") ?? 0
        let countB = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (\(newerThanAfter))") ?? 0
        try db.execute(sql: "DELETE FROM auditLate")
        try db.execute(sql: "INSERT INTO auditLate(id, time) " + (countB < countA ? newerThanAfter : olderThanBefore))
    }
}
