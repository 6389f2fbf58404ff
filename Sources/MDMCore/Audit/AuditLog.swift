import Foundation
import GRDB

/// R18: writing to and reading from the append-only audit log.
public enum AuditLog {
    /// Appends one entry inside the caller's transaction; returns it with its id.
    /// The caller's transaction is `BEGIN IMMEDIATE`, so no other writer can append between
    /// reading the last hash and inserting: the chain stays a line under concurrency.
    @discardableResult
    static func append(_ db: Database, _ entry: AuditEntry) throws -> AuditEntry {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let changed = String(decoding: try encoder.encode(entry.changedProperties), as: UTF8.self)
        // A person's entry says where it came from; the service's own entries do not.
        let origin = try (entry.origin ?? (entry.actorType == .user ? AuditOrigin.current : nil))
            .map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        let time = String.fromDatabaseValue(entry.time.databaseValue) ?? ""
        let previous = try String.fetchOne(db.cachedStatement(sql: "SELECT hash FROM auditEntry ORDER BY id DESC LIMIT 1")) ?? AuditChain.genesis
        let hash = try insert(AuditChain.Content(
            time: time, activity: entry.activity, result: entry.result.rawValue, actor: entry.actor,
            actorType: entry.actorType.rawValue, deviceId: entry.deviceId, deviceName: entry.deviceName,
            actionId: entry.actionId, changedProperties: changed, previousHash: previous, origin: origin), into: try insertStatement(db))
        var stored = entry
        stored.origin = entry.origin ?? (entry.actorType == .user ? AuditOrigin.current : nil)
        stored.id = db.lastInsertedRowID
        stored.hash = hash
        stored.previousHash = previous
        return stored
    }

    /// The one INSERT of the log, prepared once per transaction by bulk writers (the demo's
    /// older history) and per entry by `append`: the hashed content is what is stored.
    package static func insertStatement(_ db: Database) throws -> Statement {
        try db.cachedStatement(sql: """
            INSERT INTO auditEntry(time, activity, result, actor, actorType, deviceId, deviceName, actionId, changedProperties, previousHash, hash, origin)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
    }

    /// Stores `content` with its hash; returns the hash, the next entry's previous one.
    @discardableResult
    package static func insert(_ content: AuditChain.Content, into statement: Statement) throws -> String {
        let hash = AuditChain.hash(content)
        try statement.execute(arguments: [content.time, content.activity, content.result, content.actor, content.actorType,
                                          content.deviceId, content.deviceName, content.actionId, content.changedProperties,
                                          content.previousHash, hash, content.origin])
        return hash
    }

    /// Migration v2: hashes for entries written before the chain existed. Frozen with the
    /// columns the table had then (a later column must not reach into an old migration).
    static func backfillHashes(_ db: Database) throws {
        var previous = AuditChain.genesis
        let rows = try Row.fetchAll(db, sql: """
            SELECT id, time, activity, result, actor, actorType, deviceId, deviceName, actionId, changedProperties
            FROM auditEntry ORDER BY id
            """)
        for row in rows {
            let hash = AuditChain.hash(AuditChain.Content(
                time: row[1] as String? ?? "", activity: row[2], result: row[3], actor: row[4], actorType: row[5],
                deviceId: row[6], deviceName: row[7], actionId: row[8], changedProperties: row[9], previousHash: previous))
            try db.execute(sql: "UPDATE auditEntry SET previousHash = ?, hash = ? WHERE id = ?", arguments: [previous, hash, row[0] as Int64])
            previous = hash
        }
    }

    /// Entries matching the query, newest first.
    static func entries(_ db: Database, _ query: AuditQuery) throws -> [AuditEntry] {
        let (sql, arguments) = entriesSQL(query)
        return try AuditEntry.fetchAll(db, sql: sql, arguments: arguments)
    }

    static func forEachEntry(_ db: Database, _ query: AuditQuery, _ body: (AuditEntry) throws -> Void) throws {
        let (sql, arguments) = entriesSQL(query)
        let cursor = try AuditEntry.fetchCursor(db, sql: sql, arguments: arguments)
        while let entry = try cursor.next() { try body(entry) }
    }

    /// The query's entries, newest first.
    static func entriesSQL(_ query: AuditQuery) -> (String, StatementArguments) {
        let (clauses, arguments) = filter(query)
        var sql = "SELECT * FROM auditEntry"
        if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
        sql += " ORDER BY time DESC, id DESC"
        if let limit = query.limit { sql += " LIMIT \(max(0, limit))" }
        return (sql, arguments)
    }

    /// The query's conditions as SQL.
    static func filter(_ query: AuditQuery) -> ([String], StatementArguments) {
        let (range, rangeArguments) = timeRange(query), (tests, testArguments) = rowTests(query)
        var arguments = rangeArguments
        _ = arguments.append(contentsOf: testArguments)
        return (range + tests, arguments)
    }

    /// since:/until:, a range of the time index.
    static func timeRange(_ query: AuditQuery) -> ([String], StatementArguments) {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if let since = query.since {
            clauses.append("time >= ?")
            _ = arguments.append(contentsOf: [since])
        }
        if let until = query.until {
            clauses.append("time <= ?")
            _ = arguments.append(contentsOf: [until])
        }
        return (clauses, arguments)
    }

    /// Everything else: tests each entry must pass, no index to look them up.
    static func rowTests(_ query: AuditQuery) -> ([String], StatementArguments) {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if let actor = query.actor, !actor.isEmpty {
            clauses.append("auditEntry.actor LIKE ? ESCAPE '\\'")
            _ = arguments.append(contentsOf: [SQLPattern.contains(actor)])
        }
        if let activity = query.activity, !activity.isEmpty {
            clauses.append("auditEntry.activity LIKE ? ESCAPE '\\'")
            _ = arguments.append(contentsOf: [SQLPattern.contains(activity)])
        }
        if let device = query.device, !device.isEmpty {
            clauses.append("(auditEntry.deviceId = ? OR auditEntry.deviceName LIKE ? ESCAPE '\\')")
            _ = arguments.append(contentsOf: [device, SQLPattern.contains(device)])
        }
        if let result = query.result {
            clauses.append("auditEntry.result = ?")
            _ = arguments.append(contentsOf: [result.rawValue])
        }
        if let from = query.from, !from.isEmpty {
            let pattern = SQLPattern.contains(from)
            clauses.append("""
                (json_extract(auditEntry.origin, '$.ipAddress') LIKE ? ESCAPE '\\' OR json_extract(auditEntry.origin, '$.login') LIKE ? ESCAPE '\\'
                 OR json_extract(auditEntry.origin, '$.host') LIKE ? ESCAPE '\\' OR json_extract(auditEntry.origin, '$.keyFingerprint') LIKE ? ESCAPE '\\')
                """)
            _ = arguments.append(contentsOf: [pattern, pattern, pattern, pattern])
        }
        if let address = query.ipAddress {
            clauses.append("COALESCE(json_extract(auditEntry.origin, '$.ipAddress'), '') = ?")
            _ = arguments.append(contentsOf: [address])
        }
        if let login = query.login {
            clauses.append("json_extract(auditEntry.origin, '$.login') = ?")
            _ = arguments.append(contentsOf: [login])
        }
        if let text = query.text, !text.isEmpty {
            let pattern = SQLPattern.contains(text)
            clauses.append("(auditEntry.actor LIKE ? ESCAPE '\\' OR auditEntry.activity LIKE ? ESCAPE '\\' OR auditEntry.deviceName LIKE ? ESCAPE '\\')")
            _ = arguments.append(contentsOf: [pattern, pattern, pattern])
        }
        if let reader = query.reader {
            let (clause, readerArguments) = reader.readsClause(deviceId: "auditEntry.deviceId", actor: "auditEntry.actor")
            clauses.append(clause)
            _ = arguments.append(contentsOf: readerArguments)
        }
        return (clauses, arguments)
    }

    /// R19: the retires and wipes among `records` that no audit entry names.
    static func unaudited(_ records: [ActionRecord], _ db: Database) throws -> Set<String> {
        var unaudited: Set<String> = []
        for record in records where record.action == .retire || record.action == .wipe {
            if try entries(forAction: record.id, db).isEmpty { unaudited.insert(record.id) }
        }
        return unaudited
    }

    /// The entries recording an action, if any (R19: a retire/wipe may have none).
    static func entries(forAction actionId: String, _ db: Database) throws -> [AuditEntry] {
        try AuditEntry.fetchAll(db, sql: "SELECT * FROM auditEntry WHERE actionId = ? ORDER BY id", arguments: [actionId])
    }
}

/// LIKE patterns built from user text, with `%`, `_` and `\` escaped.
enum SQLPattern {
    static func contains(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%\(escaped)%"
    }
}
