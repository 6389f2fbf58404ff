import GRDB

/// Where a window of the audit log starts (newest first), by keyset on (time, id), so the
/// ten-millionth entry costs what the first does.
public enum AuditWindowStart: Sendable, Equatable {
    case first
    case last
    /// Entries strictly older than this one.
    case after(AuditKey)
    /// Entries strictly newer, returned newest first.
    case before(AuditKey)
    /// This entry and older ones.
    case from(AuditKey)
}

/// An entry's place in the log's order.
public struct AuditKey: Sendable, Equatable {
    let time: String
    let id: Int64

    public init(_ entry: AuditEntry) {
        time = DatabaseDate.text(entry.time)
        id = entry.id
    }
}

public struct AuditWindow: Sendable, Equatable {
    public var entries: [AuditEntry]
    public var isFull: Bool
    public var count: MatchCount?
}

extension AuditLog {
    /// One window of the entries matching `query`, newest first.
    static func window(_ db: Database, _ query: AuditQuery, start: AuditWindowStart, limit: Int, counting: Bool) throws -> AuditWindow {
        let (clauses, arguments) = filter(query)
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
            let sql = "SELECT * FROM auditEntry" + (all.isEmpty ? "" : " WHERE " + all.joined(separator: " AND ")) + order.1 + " LIMIT \(limit - entries.count)"
            entries += try AuditEntry.fetchAll(db, sql: sql, arguments: values)
        }
        if order == newer { entries.reverse() }
        let isFull = entries.count >= limit
        var count: MatchCount?
        if counting {
            if case .first = start, !isFull {
                count = MatchCount(value: entries.count, isExact: true)
            } else if case .last = start {
                count = MatchCount(value: try self.count(db, query), isExact: true)
            } else {
                count = try estimate(db, query)
            }
        }
        return AuditWindow(entries: entries, isFull: isFull, count: count)
    }

    /// Rows sampled (the newest) to estimate how many match a filter.
    static let sampleSize = 4096

    /// How many entries match, at once. The whole log's size is its last id: ids count up
    /// from 1 (AUTOINCREMENT: a failed insert gives its id back with the rollback) and no entry
    /// is ever deleted (R18, refused by a trigger; `audit verify` finds any that went missing).
    /// A filter's is estimated from the newest entries.
    static func estimate(_ db: Database, _ query: AuditQuery) throws -> MatchCount {
        let total = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM auditEntry") ?? 0
        let (clauses, arguments) = filter(query)
        if clauses.isEmpty { return MatchCount(value: total, isExact: true) }
        if total <= sampleSize { return MatchCount(value: try count(db, query), isExact: true) }
        let hits = try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM (SELECT * FROM auditEntry ORDER BY id DESC LIMIT \(sampleSize)) WHERE \(clauses.joined(separator: " AND "))
            """, arguments: arguments) ?? 0
        return MatchCount(value: Int((Double(hits) / Double(sampleSize) * Double(total)).rounded()), isExact: false)
    }

    static func count(_ db: Database, _ query: AuditQuery) throws -> Int {
        let (clauses, arguments) = filter(query)
        if clauses.isEmpty { return try estimate(db, query).value }
        return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM auditEntry" + (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")),
                                arguments: arguments) ?? 0
    }
}

extension TenantStore {
    /// One window of the audit log, newest first, by keyset; with `counting`, how many match
    /// (estimated when only a full scan could say).
    public func auditWindow(_ query: AuditQuery, start: AuditWindowStart, limit: Int, counting: Bool = false) throws -> AuditWindow {
        try read { db in try AuditLog.window(db, query, start: start, limit: limit, counting: counting) }
    }

    /// The exact number of entries matching `query`: a full scan of a big log.
    public func auditCount(_ query: AuditQuery) throws -> Int {
        try read { db in try AuditLog.count(db, query) }
    }
}
