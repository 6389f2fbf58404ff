import GRDB

/// Where a window of the audit log starts (newest first), by keyset on (time, id): `after`
/// is older, `before` newer, `from` this entry and older ones.
public typealias AuditWindowStart = WindowStart<AuditKey>

/// An entry's place in the log's order.
public struct AuditKey: Sendable, Equatable {
    let time: String
    let id: Int64

    public init(_ entry: AuditEntry) {
        time = DatabaseDate.text(entry.time)
        id = entry.id
    }

    /// The key as an opaque page token (a Graph nextLink's `$skiptoken`).
    public var pageToken: String { PageToken.encode(["audit", time, String(id)]) }

    public init?(pageToken: String) {
        guard let parts = PageToken.decode(pageToken), parts.count == 3, parts[0] == "audit", let id = Int64(parts[2]) else { return nil }
        time = parts[1]
        self.id = id
    }
}

public struct AuditWindow: Sendable, Equatable {
    public var entries: [AuditEntry]
    public var isFull: Bool
    public var count: MatchCount?
    /// The filter was tried on the newest `AuditLog.searchBound` entries of its range only.
    public var searchedNewestOnly = false
}

extension AuditLog {
    /// Entries a filter that no index serves (words of one or two characters, `from:`,
    /// `result:` alone) is tried on: the newest this many in the since:/until: range. Past them a
    /// keystroke would scan ten million rows (4 s); the pane says so, and a third character or
    /// since:/until: reach older entries. 20,000 keeps a word found nowhere within a frame while
    /// its first two characters are typed (100,000 took 58 ms at p95 on 10M entries).
    public static let searchBound = 20_000

    /// The conditions of a query: its time range, the bound (as a range of the time index, so
    /// the scan stops there) when it tests rows and the range holds more, then the tests.
    static func conditions(_ db: Database, _ query: AuditQuery, bound: Int) throws -> (clauses: [String], arguments: StatementArguments, bounded: Bool) {
        var (clauses, arguments) = timeRange(query)
        let (tests, testArguments) = rowTests(query)
        var bounded = false
        if !tests.isEmpty, let edge = try boundary(db, query, bound: bound) {
            clauses += ["time >= ?", "NOT (time = ? AND id < ?)"]
            _ = arguments.append(contentsOf: [edge.time, edge.time, edge.id])
            bounded = true
        }
        clauses += tests
        _ = arguments.append(contentsOf: testArguments)
        return (clauses, arguments, bounded)
    }

    /// The oldest entry a row-by-row filter is tried on (the `bound`-th newest of its range),
    /// if the range holds more than `bound`.
    static func boundary(_ db: Database, _ query: AuditQuery, bound: Int) throws -> (time: String, id: Int64)? {
        let (range, arguments) = timeRange(query)
        let rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT time, id FROM auditEntry" + (range.isEmpty ? "" : " WHERE " + range.joined(separator: " AND "))
                                                       + " ORDER BY time DESC, id DESC LIMIT 2 OFFSET \(max(0, bound - 1))"), arguments: arguments)
        guard rows.count == 2 else { return nil }
        return (rows[0]["time"], rows[0]["id"])
    }

    /// One window of the entries matching `query`, newest first. `indexed: false` takes the
    /// bounded walk even where an index could serve (tests compare the two).
    static func window(_ db: Database, _ query: AuditQuery, start: AuditWindowStart, limit: Int, counting: Bool,
                       bound: Int = searchBound, indexed: Bool = true) throws -> AuditWindow {
        if indexed, let search = AuditSearch.plan(query) {
            let entries = try search.window(db, query, start: start, limit: limit)
            let isFull = entries.count >= max(0, limit)
            var count: MatchCount?
            if counting {
                if case .first = start, !isFull {
                    count = MatchCount(value: entries.count, isExact: true)
                } else if case .last = start {
                    count = MatchCount(value: try search.count(db, query), isExact: true)
                } else {
                    count = try estimate(db, query, bound: .max)
                    if let estimated = count, estimated.value < entries.count { count = MatchCount(value: entries.count, isExact: false) }
                }
            }
            return AuditWindow(entries: entries, isFull: isFull, count: count)
        }
        let (clauses, arguments, bounded) = try conditions(db, query, bound: bound)
        let older = ("<", " ORDER BY time DESC, id DESC"), newer = (">", " ORDER BY time ASC, id ASC")
        // Two plain ranges of the time index (same time and a smaller id, then an earlier
        // time) rather than one row-value comparison.
        func ranges(_ key: AuditKey, _ comparison: String, inclusive: Bool) -> [(String, StatementArguments)] {
            [("time = ? AND id \(comparison)\(inclusive ? "=" : "") ?", [key.time, key.id]), ("time \(comparison) ?", [key.time])]
        }
        let (order, pieces): ((String, String), [(String, StatementArguments)])
        switch start {
        case .first: (order, pieces) = (older, [("", [])])
        case .last: (order, pieces) = (newer, [("", [])])
        case .after(let key): (order, pieces) = (older, ranges(key, "<", inclusive: false))
        case .from(let key): (order, pieces) = (older, ranges(key, "<", inclusive: true))
        case .before(let key): (order, pieces) = (newer, ranges(key, ">", inclusive: false))
        }
        let limit = max(0, limit)
        var entries: [AuditEntry] = []
        for (range, rangeArguments) in pieces where entries.count < limit {
            let all = clauses + (range.isEmpty ? [] : [range])
            var values = arguments
            _ = values.append(contentsOf: rangeArguments)
            let sql = "SELECT * FROM auditEntry" + (all.isEmpty ? "" : " WHERE " + all.joined(separator: " AND "))
                + order.1 + " LIMIT \(limit - entries.count)"
            entries += try AuditEntry.fetchAll(db.cachedStatement(sql: sql), arguments: values)
        }
        if order == newer { entries.reverse() }
        let isFull = entries.count >= limit
        var count: MatchCount?
        if counting {
            if case .first = start, !isFull {
                count = MatchCount(value: entries.count, isExact: true)
            } else if case .last = start {
                count = MatchCount(value: try self.count(db, query, bound: bound), isExact: true)
            } else {
                count = try estimate(db, query, bound: bound)
            }
        }
        return AuditWindow(entries: entries, isFull: isFull, count: count, searchedNewestOnly: bounded)
    }

    /// Rows sampled (the newest) to estimate how many match a filter.
    static let sampleSize = 4096

    /// How many entries match, at once. The whole log's size is its last id: ids count up
    /// from 1 (AUTOINCREMENT: a failed insert gives its id back with the rollback) and no entry
    /// is ever deleted (R18, refused by a trigger; `audit verify` finds any that went missing).
    /// A filter's is estimated from the newest entries.
    static func estimate(_ db: Database, _ query: AuditQuery, bound: Int = searchBound) throws -> MatchCount {
        let total = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM auditEntry") ?? 0
        let (range, rangeArguments) = timeRange(query), (tests, testArguments) = rowTests(query)
        if range.isEmpty, tests.isEmpty { return MatchCount(value: total, isExact: true) }
        if total <= sampleSize { return MatchCount(value: try count(db, query, bound: bound), isExact: true) }
        let within = range.isEmpty ? "" : " WHERE " + range.joined(separator: " AND ")
        if tests.isEmpty {
            // Entries are appended in time order, nearly always: the ids at the range's two
            // ends say about how many lie between.
            let newest = try Int.fetchOne(db, sql: "SELECT id FROM auditEntry\(within) ORDER BY time DESC, id DESC LIMIT 1", arguments: rangeArguments)
            let oldest = try Int.fetchOne(db, sql: "SELECT id FROM auditEntry\(within) ORDER BY time ASC, id ASC LIMIT 1", arguments: rangeArguments)
            guard let newest, let oldest else { return MatchCount(value: 0, isExact: true) }
            return MatchCount(value: abs(newest - oldest) + 1, isExact: false)
        }
        var values = rangeArguments
        _ = values.append(contentsOf: testArguments)
        let hits = try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM (SELECT * FROM auditEntry\(within) ORDER BY time DESC, id DESC LIMIT \(sampleSize)) AS auditEntry WHERE \(tests.joined(separator: " AND "))
            """, arguments: values) ?? 0
        // What the filter is tried on: the whole range when an index serves it, else the bound.
        let inRange = range.isEmpty ? total : try estimate(db, AuditQuery(since: query.since, until: query.until)).value
        let searched = AuditSearch.plan(query) != nil ? inRange : try boundary(db, query, bound: bound) != nil ? bound : min(inRange, bound)
        return MatchCount(value: Int((Double(hits) / Double(sampleSize) * Double(searched)).rounded()), isExact: false)
    }

    static func count(_ db: Database, _ query: AuditQuery, bound: Int = searchBound) throws -> Int {
        let (range, _) = timeRange(query), (tests, _) = rowTests(query)
        if range.isEmpty, tests.isEmpty { return try estimate(db, query).value }
        if let search = AuditSearch.plan(query) { return try search.count(db, query) }
        let (clauses, arguments, _) = try conditions(db, query, bound: bound)
        return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM auditEntry WHERE " + clauses.joined(separator: " AND "), arguments: arguments) ?? 0
    }
}

extension TenantStore {
    /// One window of the audit log, newest first, by keyset; with `counting`, how many match
    /// (estimated when only a full scan could say).
    public func auditWindow(_ query: AuditQuery, start: AuditWindowStart, limit: Int, counting: Bool = false) throws -> AuditWindow {
        try read { db in try AuditLog.window(db, query, start: start, limit: limit, counting: counting) }
    }

    /// The exact number of entries matching `query` (a filter tested row by row: among the
    /// newest `AuditLog.searchBound` of its range).
    public func auditCount(_ query: AuditQuery) throws -> Int {
        try read { db in try AuditLog.count(db, query) }
    }
}
