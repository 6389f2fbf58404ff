import GRDB

/// How a filtered audit window is read when a trigram index can serve one of its terms
/// (three characters or more): that term's index gives its candidates newest first by id,
/// each tested with every condition of the query (the same LIKE as the unindexed path, so
/// both give the same entries), and the few entries appended out of time order are merged
/// back in by time. A keystroke reads about a window's worth of entries whatever the log's
/// size. Filters no index serves (one or two characters, `from:`, `result:` alone) keep
/// the bounded walk of the time index (`AuditLog.searchBound`).
struct AuditSearch {
    /// One source of candidates in id order: a trigram index's matches, or one device's entries.
    struct Stream {
        var from: String
        var condition: String
        var arguments: StatementArguments
        /// The candidate's id, in the stream's own order.
        var order: String
        /// What makes a row this stream's (its column's LIKE, or the device id): counting
        /// leaves out of each stream the rows an earlier one already counted.
        var own: String
        var ownArguments: StatementArguments
    }

    let streams: [Stream]

    /// The streams of the query's most selective indexed term, or nil when it has none.
    static func plan(_ query: AuditQuery) -> AuditSearch? {
        func index(_ column: String) -> String { AuditSearchSchema.columns.first { $0.column == column }!.index }
        func trigram(_ column: String, _ text: String) -> Stream? {
            guard let match = match(text) else { return nil }
            let table = index(column)
            return Stream(from: "\(table) CROSS JOIN auditEntry ON auditEntry.id = \(table).rowid", condition: "\(table) MATCH ?",
                          arguments: [match], order: "\(table).rowid",
                          own: "auditEntry.\(column) LIKE ? ESCAPE '\\'", ownArguments: [SQLPattern.contains(text)])
        }
        // A device: its name's index and, for an id, that device's entries (the device index).
        if let device = query.device, let byName = trigram("deviceName", device) {
            let byId = Stream(from: "auditEntry INDEXED BY audit_device", condition: "auditEntry.deviceId = ?", arguments: [device], order: "auditEntry.id",
                              own: "auditEntry.deviceId = ?", ownArguments: [device])
            return AuditSearch(streams: [byName, byId])
        }
        if let actor = query.actor, let stream = trigram("actor", actor) { return AuditSearch(streams: [stream]) }
        if let activity = query.activity, let stream = trigram("activity", activity) { return AuditSearch(streams: [stream]) }
        if let text = query.text, match(text) != nil {
            return AuditSearch(streams: AuditSearchSchema.columns.compactMap { trigram($0.column, text) })
        }
        return nil
    }

    /// The FTS5 query for a substring: every trigram of it, each quoted (nothing in it is
    /// syntax). The indexes keep no positions, so this finds rows holding all the trigrams
    /// anywhere; the LIKE test on the row keeps those holding the substring. Nil under three
    /// characters: a trigram index cannot look those up.
    static func match(_ text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 3 else { return nil }
        var seen = Set<String>()
        var parts: [String] = []
        for start in 0...(scalars.count - 3) {
            var trigram = String.UnicodeScalarView()
            trigram.append(contentsOf: scalars[start..<(start + 3)])
            let text = String(trigram)
            guard seen.insert(text.lowercased()).inserted else { continue }
            parts.append("\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
        }
        return parts.joined(separator: " AND ")
    }

    // MARK: A window

    /// `limit` entries from `start`, in the pane's order (time, then id, newest first).
    func window(_ db: Database, _ query: AuditQuery, start: AuditWindowStart, limit: Int) throws -> [AuditEntry] {
        let limit = max(0, limit)
        let newestFirst: Bool
        switch start {
        case .first, .after, .from: newestFirst = true
        case .last, .before: newestFirst = false
        }
        let (tests, testArguments) = AuditLog.rowTests(query)
        var found: [AuditEntry] = []
        if let ids = try Self.idRange(db, query, start: start) {
            for stream in streams {
                var arguments = stream.arguments
                _ = arguments.append(contentsOf: [ids.lowerBound, ids.upperBound])
                _ = arguments.append(contentsOf: testArguments)
                let sql = "SELECT auditEntry.* FROM \(stream.from) WHERE \(stream.condition) AND \(stream.order) BETWEEN ? AND ?"
                    + " AND NOT EXISTS (SELECT 1 FROM auditLate WHERE auditLate.id = auditEntry.id)"
                    + tests.map { " AND " + $0 }.joined()
                    + " ORDER BY \(stream.order) \(newestFirst ? "DESC" : "ASC") LIMIT \(limit)"
                found += try AuditEntry.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
            }
        }
        found += try Self.late(db, query, start: start, limit: limit, newestFirst: newestFirst)
        // Merge the streams and the late entries by (time, id); a word's streams can share entries.
        var seen = Set<Int64>()
        let ordered = found.filter { seen.insert($0.id).inserted }.sorted { Self.isNewer($0, than: $1) }
        return newestFirst ? Array(ordered.prefix(limit)) : Array(ordered.suffix(limit))
    }

    static func isNewer(_ one: AuditEntry, than other: AuditEntry) -> Bool {
        one.time != other.time ? one.time > other.time : one.id > other.id
    }

    /// The entries appended out of time order that belong to the window: few, walked by time.
    static func late(_ db: Database, _ query: AuditQuery, start: AuditWindowStart, limit: Int, newestFirst: Bool) throws -> [AuditEntry] {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if let since = query.since { clauses.append("auditLate.time >= ?"); _ = arguments.append(contentsOf: [DatabaseDate.text(since)]) }
        if let until = query.until { clauses.append("auditLate.time <= ?"); _ = arguments.append(contentsOf: [DatabaseDate.text(until)]) }
        switch start {
        case .first, .last: break
        case .after(let key): clauses.append("(auditLate.time, auditLate.id) < (?, ?)"); _ = arguments.append(contentsOf: [key.time, key.id])
        case .from(let key): clauses.append("(auditLate.time, auditLate.id) <= (?, ?)"); _ = arguments.append(contentsOf: [key.time, key.id])
        case .before(let key): clauses.append("(auditLate.time, auditLate.id) > (?, ?)"); _ = arguments.append(contentsOf: [key.time, key.id])
        }
        let (tests, testArguments) = AuditLog.rowTests(query)
        clauses += tests
        _ = arguments.append(contentsOf: testArguments)
        let direction = newestFirst ? "DESC" : "ASC"
        let sql = "SELECT auditEntry.* FROM auditLate CROSS JOIN auditEntry ON auditEntry.id = auditLate.id"
            + (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND "))
            + " ORDER BY auditLate.time \(direction), auditLate.id \(direction) LIMIT \(limit)"
        return try AuditEntry.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }

    /// The ids of in-order entries (those whose place by id is their place by time) inside the
    /// query's time range and on the window's side of `start`; nil when there are none.
    static func idRange(_ db: Database, _ query: AuditQuery, start: AuditWindowStart) throws -> ClosedRange<Int64>? {
        var lower: Int64 = 0, upper: Int64 = .max
        if let since = query.since {
            guard let id = try inOrder(db, from: (DatabaseDate.text(since), 0), newer: true, inclusive: true) else { return nil }
            lower = max(lower, id)
        }
        if let until = query.until {
            guard let id = try inOrder(db, from: (DatabaseDate.text(until), .max), newer: false, inclusive: true) else { return nil }
            upper = min(upper, id)
        }
        switch start {
        case .first, .last: break
        case .after(let key), .from(let key):
            let inclusive: Bool = if case .from = start { true } else { false }
            guard let id = try inOrder(db, from: (key.time, key.id), newer: false, inclusive: inclusive) else { return nil }
            upper = min(upper, id)
        case .before(let key):
            guard let id = try inOrder(db, from: (key.time, key.id), newer: true, inclusive: false) else { return nil }
            lower = max(lower, id)
        }
        return lower <= upper ? lower...upper : nil
    }

    /// The nearest in-order entry at or past (time, id), toward newer or older entries: its id.
    /// An in-order key is its own answer; otherwise the time index is walked from the key.
    static func inOrder(_ db: Database, from key: (time: String, id: Int64), newer: Bool, inclusive: Bool) throws -> Int64? {
        let notLate = "NOT EXISTS (SELECT 1 FROM auditLate WHERE auditLate.id = auditEntry.id)"
        if key.id > 0, key.id < .max,
           let time = try String.fetchOne(db.cachedStatement(sql: "SELECT time FROM auditEntry WHERE id = ? AND \(notLate)"), arguments: [key.id]),
           time == key.time {
            return inclusive ? key.id : newer ? key.id + 1 : key.id - 1
        }
        let (comparison, direction) = newer ? (">", "ASC") : ("<", "DESC")
        let equal = inclusive ? "=" : ""
        // Two ranges of the time index (the same time, then beyond it), as the window does.
        if let id = try Int64.fetchOne(db.cachedStatement(sql: """
            SELECT id FROM auditEntry WHERE time = ? AND id \(comparison)\(equal) ? AND \(notLate) ORDER BY id \(direction) LIMIT 1
            """), arguments: [key.time, key.id]) {
            return id
        }
        return try Int64.fetchOne(db.cachedStatement(sql: """
            SELECT id FROM auditEntry WHERE time \(comparison) ? AND \(notLate) ORDER BY time \(direction), id \(direction) LIMIT 1
            """), arguments: [key.time])
    }

    // MARK: Counting

    /// Every matching entry, counted: each stream's candidates, tested, less those an earlier
    /// stream counted (a join per stream: five times quicker than one IN over their union).
    func count(_ db: Database, _ query: AuditQuery) throws -> Int {
        let (range, rangeArguments) = AuditLog.timeRange(query), (tests, testArguments) = AuditLog.rowTests(query)
        var total = 0
        for (index, stream) in streams.enumerated() {
            var arguments = stream.arguments
            _ = arguments.append(contentsOf: rangeArguments)
            _ = arguments.append(contentsOf: testArguments)
            var clauses = [stream.condition] + range + tests
            for earlier in streams[..<index] {
                clauses.append("NOT COALESCE((\(earlier.own)), 0)")  // a NULL name is no match
                _ = arguments.append(contentsOf: earlier.ownArguments)
            }
            total += try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(stream.from) WHERE " + clauses.joined(separator: " AND "), arguments: arguments) ?? 0
        }
        return total
    }
}
