import GRDB

/// The per-platform device counts the triggers keep (migration v4), behind the list's counts.
enum DeviceTally {
    /// Counts the rows again, for a bulk fill that set the triggers aside. (Migration v4 has
    /// its own copy of this statement: a shipped migration never calls code that may change.)
    static func recount(_ db: Database) throws {
        try db.execute(sql: """
            DELETE FROM deviceTally;
            INSERT INTO deviceTally(platform, devices) SELECT platform, COUNT(*) FROM device GROUP BY platform;
            """)
    }
}
