import GRDB

/// How one device query finds its rows. The LIKE over the six searched columns is always
/// the truth (ASCII case folding, as before); the trigram index only narrows the rows it is
/// tried on, so both ways give the same answer.
enum DeviceSearch {
    /// Walk the sort's index and test each row: best when matches are many (short or
    /// common text), as a window fills after a few rows.
    case scan(String, sampled: Int? = nil)
    /// Walk the sort's index keeping the rows whose id the trigram index returned: the
    /// test needs only the index entry, so rows that do not match are never read. Best
    /// between the two (thousands to tens of thousands of matches in a million).
    case members(String, sampled: Int? = nil)
    /// Look the candidates up in the trigram index, then sort them: best when matches are
    /// few, as walking the index would read most of the table to fill a window.
    case candidates(String)
    case none

    /// Up to this many candidates are sorted; more, and the sort index is walked instead.
    /// Measured on a million devices: sorting costs about 2 µs per candidate, walking about
    /// 1 µs per row and a window of 57 walks `57 × total / matches` rows, so the two meet
    /// near √(28 × total); √(25 × total) is 5,000 candidates for a million devices.
    static func candidateLimit(_ db: Database) throws -> Int {
        max(1000, Int((25 * Double(try DeviceSQL.tally(db, platform: nil))).squareRoot()))
    }
    /// Rows sampled to estimate how many match a scan.
    static let sampleSize = 2048
    /// Above this share of rows matching, walking and testing every row fills a window
    /// sooner than gathering all the trigram index's ids first (measured: 2% ≈ equal).
    static let membersDensityLimit = 0.02

    static func plan(_ db: Database, _ query: DeviceQuery) throws -> DeviceSearch {
        let text = query.search.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return .none }
        // Trigrams need three characters; shorter text matches too much to need an index.
        guard text.count >= 3 else { return .scan(text) }
        let limit = try candidateLimit(db)
        // The sample first (about 2 ms): when it already says the matches are far more than the
        // candidates sorted at most, the index's capped count (5–16 ms for a common 4–6 letter
        // text on a million devices, most of a frame) is not needed to decide.
        let hits = try DeviceSQL.sampleHits(db, DeviceQuery(search: text), search: .scan(text))
        let estimated = Double(hits) / Double(sampleSize) * Double(try DeviceSQL.tally(db, platform: nil))
        if estimated < 2 * Double(limit) {
            let found = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM (SELECT 1 FROM device_search WHERE device_search MATCH ? LIMIT \(limit))"),
                                         arguments: [phrase(text)]) ?? 0
            if found < limit { return .candidates(text) }
        }
        return Double(hits) / Double(sampleSize) < membersDensityLimit ? .members(text, sampled: hits) : .scan(text, sampled: hits)
    }

    /// When every match will be read, walking an index (a random read per row tested) loses
    /// to sorting the trigram index's candidates.
    var forReadingEverything: DeviceSearch {
        switch self {
        case .members(let text, _), .scan(let text, _) where text.count >= 3: .candidates(text)
        default: self
        }
    }

    /// The text as one FTS5 phrase: quoted, quotes doubled, so nothing in it is syntax.
    static func phrase(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `FROM …` and the conditions every row of `query` must meet (its text by this way, its
    /// platform, its property conditions and its scope), before any keyset range.
    func source(for query: DeviceQuery) -> (from: String, clauses: [String], arguments: StatementArguments) {
        let (platform, sort, conditions) = (query.platform, query.sort, query.conditions)
        var clauses: [String] = []
        var arguments: StatementArguments = []
        var from = " FROM device"
        switch self {
        case .none: break
        case .scan(let text, _):
            clauses.append(Self.like)
            _ = arguments.append(contentsOf: Self.likeArguments(text))
        case .candidates(let text):
            // CROSS JOIN keeps the index lookup outside: candidates first, then their rows.
            from = " FROM device_search CROSS JOIN device ON device.rowid = device_search.rowid"
            clauses.append("device_search MATCH ?")
            _ = arguments.append(contentsOf: [Self.phrase(text)])
            clauses.append(Self.like)
            _ = arguments.append(contentsOf: Self.likeArguments(text))
        case .members(let text, _):
            // INDEXED BY keeps SQLite on the sort's index (left alone it fetches every candidate
            // and sorts); `+` stops it using the IN to look rows up instead of testing entries.
            from = " FROM device INDEXED BY \(DeviceListOrder.index(sort))"
            clauses.append("+device.rowid IN (SELECT rowid FROM device_search WHERE device_search MATCH ?)")
            _ = arguments.append(contentsOf: [Self.phrase(text)])
            clauses.append(Self.like)
            _ = arguments.append(contentsOf: Self.likeArguments(text))
        }
        if let platform {
            clauses.append("device.platform = ?")
            _ = arguments.append(contentsOf: [platform.rawValue])
        }
        for condition in conditions {
            let column = "device.\(condition.property.column)"
            switch condition.comparison {
            case .equals(let values):
                clauses.append("\(column) COLLATE NOCASE IN (\(values.map { _ in "?" }.joined(separator: ", ")))")
                _ = arguments.append(contentsOf: StatementArguments(values))
            case .notEquals(let value):
                clauses.append("\(column) != ? COLLATE NOCASE")
                _ = arguments.append(contentsOf: [value])
            case .contains(let value):
                clauses.append("\(column) LIKE ? ESCAPE '\\'")
                _ = arguments.append(contentsOf: [SQLPattern.contains(value)])
            case .before(let date):
                clauses.append("\(column) < ?")
                _ = arguments.append(contentsOf: [DatabaseDate.text(date)])
            case .after(let date):
                clauses.append("\(column) > ?")
                _ = arguments.append(contentsOf: [DatabaseDate.text(date)])
            }
        }
        if let (clause, scopeArguments) = query.scope.deviceClause() {
            clauses.append(clause)
            _ = arguments.append(contentsOf: scopeArguments)
        }
        return (from, clauses, arguments)
    }

    static let like = "(" + ScaleSchema.searchedColumns.map { "device.\($0) LIKE ? ESCAPE '\\'" }.joined(separator: " OR ") + ")"

    static func likeArguments(_ text: String) -> StatementArguments {
        StatementArguments(Array(repeating: SQLPattern.contains(text), count: ScaleSchema.searchedColumns.count))
    }
}

extension DeviceSQL {
    /// One window of the list: `limit` rows from `start`, in list order.
    /// `plan` replaces the chosen way (tests check every way gives the same rows).
    /// `readingEverything`: the caller will read every match (a listing, an export), so the
    /// trigram index's candidates are sorted rather than the sort index walked.
    static func window(_ db: Database, _ query: DeviceQuery, start: DeviceWindowStart, limit: Int, counting: Bool,
                       plan: DeviceSearch? = nil, readingEverything: Bool = false, columns: DeviceColumns = .whole) throws -> DeviceWindow {
        var search = try plan ?? DeviceSearch.plan(db, query)
        if readingEverything { search = search.forReadingEverything }
        let (from, filter, filterArguments) = search.source(for: query)
        let limit = max(0, limit)
        var start = start
        switch start {
        case .after(let key), .before(let key), .from(let key):
            if key.sort != query.sort { start = .first }  // a key from another order says nothing here
        case .first, .last: break
        }
        let reversed: Bool
        let ranges: [(String, StatementArguments)]
        switch start {
        case .first: reversed = false; ranges = [("", [])]
        case .last: reversed = true; ranges = [("", [])]
        case .after(let key): reversed = false; ranges = DeviceListOrder.ranges(after: key, reversed: false, inclusive: false)
        case .before(let key): reversed = true; ranges = DeviceListOrder.ranges(after: key, reversed: true, inclusive: false)
        case .from(let key): reversed = false; ranges = DeviceListOrder.ranges(after: key, reversed: false, inclusive: true)
        }
        if counting, case .first = start, case .candidates = search {
            return try candidatesWindow(db, query, search: search, limit: limit, columns: columns)
        }
        var rows: [Device] = []
        for (range, rangeArguments) in ranges where rows.count < limit {
            let clauses = filter + (range.isEmpty ? [] : [range])
            var arguments = filterArguments
            _ = arguments.append(contentsOf: rangeArguments)
            let sql = "SELECT " + columns.selectList() + from + (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND "))
                + DeviceListOrder.orderBy(query.sort, reversed: reversed) + " LIMIT \(limit - rows.count)"
            rows += try Device.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
        }
        if reversed { rows.reverse() }
        let isFull = rows.count >= limit
        var count: MatchCount?
        if counting {
            if case .last = start {
                // Rows at the bottom need their index: count exactly, however long it takes.
                count = MatchCount(value: try exactCount(db, query, search: search), isExact: true)
            } else if case .first = start, !isFull {
                count = MatchCount(value: rows.count, isExact: true)
            } else {
                count = try estimate(db, query, search: search)
                if case .first = start, let estimated = count, !estimated.isExact, estimated.value <= rows.count {
                    // The sample missed them, yet a whole window matched: there are more.
                    count = MatchCount(value: rows.count + 1, isExact: false)
                }
            }
        }
        return DeviceWindow(rows: rows, isFull: isFull, count: count)
    }

    /// The top of a list narrowed by the trigram index, and its exact count, in one pass: the
    /// ids of every match in order (a few thousand at most), then the first window's rows.
    static func candidatesWindow(_ db: Database, _ query: DeviceQuery, search: DeviceSearch, limit: Int, columns: DeviceColumns) throws -> DeviceWindow {
        let (from, clauses, arguments) = search.source(for: query)
        let ids = try String.fetchAll(db, sql: "SELECT device.id" + from + " WHERE " + clauses.joined(separator: " AND ")
                                      + DeviceListOrder.orderBy(query.sort, reversed: false), arguments: arguments)
        let shown = Array(ids.prefix(limit))
        // The ids already met the query's scope.
        return DeviceWindow(rows: try columns.fetch(db, ids: shown, scope: .everyDevice), isFull: ids.count >= limit,
                            count: MatchCount(value: ids.count, isExact: true))
    }

    /// How many devices match, at once: exact from the tally or the index, or estimated from
    /// a sample when only a full scan could say.
    static func estimate(_ db: Database, _ query: DeviceQuery, search: DeviceSearch) throws -> MatchCount {
        switch search {
        case .none where query.narrowsOnlyByTextAndPlatform:
            return MatchCount(value: try tally(db, platform: query.platform), isExact: true)
        case .none:
            return MatchCount(value: try exactCount(db, query, search: search), isExact: true)
        case .candidates:
            return MatchCount(value: try exactCount(db, query, search: search), isExact: true)
        case .scan(let text, let sampled), .members(let text, let sampled):
            let total = try tally(db, platform: nil)
            if total <= DeviceSearch.sampleSize { return MatchCount(value: try exactCount(db, query, search: search), isExact: true) }
            // The plan's sample holds for the platform filter only if there is none.
            let hits = try (query.platform == nil && query.narrowsOnlyByTextAndPlatform ? sampled : nil) ?? sampleHits(db, query, search: .scan(text))
            return MatchCount(value: Int((Double(hits) / Double(DeviceSearch.sampleSize) * Double(total)).rounded()), isExact: false)
        }
    }

    /// Matches among the first rows of the table (by rowid: in no particular order of name,
    /// user or date), to estimate the share of all rows that match.
    static func sampleHits(_ db: Database, _ query: DeviceQuery, search: DeviceSearch) throws -> Int {
        let (_, clauses, arguments) = search.source(for: query)
        return try Int.fetchOne(db.cachedStatement(sql: """
            SELECT COUNT(*) FROM (SELECT * FROM device ORDER BY rowid LIMIT \(DeviceSearch.sampleSize)) AS device
            WHERE \(clauses.joined(separator: " AND "))
            """), arguments: arguments) ?? 0
    }

    /// The exact number of matching devices; a full scan for short or common text.
    static func exactCount(_ db: Database, _ query: DeviceQuery) throws -> Int {
        try exactCount(db, query, search: try DeviceSearch.plan(db, query))
    }

    static func exactCount(_ db: Database, _ query: DeviceQuery, search: DeviceSearch) throws -> Int {
        if case .none = search, query.narrowsOnlyByTextAndPlatform { return try tally(db, platform: query.platform) }
        // A short or common text over the whole list: every device is tested, so test the joined
        // text in its index rather than the wide rows.
        if case .scan(let text, _) = search, query.platform == nil, query.narrowsOnlyByTextAndPlatform, SearchTextSchema.serves(text) {
            return try Int.fetchOne(db.cachedStatement(sql: """
                SELECT COUNT(*) FROM device INDEXED BY device_searchText WHERE \(SearchTextSchema.expression) LIKE ? ESCAPE '\\'
                """), arguments: [SQLPattern.contains(text)]) ?? 0
        }
        // Counting needs no order: the trigram index's candidates, each tested, are quickest.
        let counted: DeviceSearch = if case .members(let text, _) = search { .candidates(text) } else { search }
        let (from, clauses, arguments) = counted.source(for: query)
        return try Int.fetchOne(db, sql: "SELECT COUNT(*)" + from + " WHERE " + clauses.joined(separator: " AND "), arguments: arguments) ?? 0
    }

    /// Devices in the tenant (or of one platform), from the tally the triggers keep.
    static func tally(_ db: Database, platform: Platform?) throws -> Int {
        if let platform {
            return try Int.fetchOne(db.cachedStatement(sql: "SELECT devices FROM deviceTally WHERE platform = ?"), arguments: [platform.rawValue]) ?? 0
        }
        return try Int.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(SUM(devices), 0) FROM deviceTally")) ?? 0
    }
}
