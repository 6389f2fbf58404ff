import GRDB

/// Where a window of a long list starts, relative to rows the caller already holds.
/// Windows are found by keyset (the sort key of a known row), never by OFFSET, so the
/// millionth row costs what the first does. `Key` is a row's place in the list's order.
public enum WindowStart<Key: Sendable & Equatable>: Sendable, Equatable {
    /// The top of the list.
    case first
    /// The bottom of the list (rows still come in list order, the last one last).
    case last
    /// Rows strictly after this key.
    case after(Key)
    /// Rows strictly before this key, returned in list order.
    case before(Key)
    /// Rows from this key on, the row itself included if it still matches (a refresh).
    case from(Key)
}

public typealias DeviceWindowStart = WindowStart<DeviceListKey>

/// A row's place in one sort order: the values of the sort's columns, `id` last.
public struct DeviceListKey: Sendable, Equatable {
    public let sort: DeviceQuery.SortKey
    let values: [String]

    public init(_ device: Device, sort: DeviceQuery.SortKey) {
        self.sort = sort
        values = DeviceListOrder.columns(sort).map { $0.value(device) }
    }

    /// The key as an opaque page token (a Graph nextLink's `$skiptoken`).
    public var pageToken: String { PageToken.encode([sort.rawValue] + values) }

    /// The key of a page token, if it is one (of this list's shape).
    public init?(pageToken: String) {
        guard let parts = PageToken.decode(pageToken), let first = parts.first, let sort = DeviceQuery.SortKey(rawValue: first),
              parts.count - 1 == DeviceListOrder.columns(sort).count else { return nil }
        self.sort = sort
        values = Array(parts.dropFirst())
    }
}

/// How many rows match: exact, or estimated while the exact count runs.
public struct MatchCount: Sendable, Equatable {
    public var value: Int
    public var isExact: Bool

    public init(value: Int, isExact: Bool) {
        self.value = value
        self.isExact = isExact
    }
}

/// Rows of the list in order, and (when asked for) how many match in all.
public struct DeviceWindow: Sendable, Equatable {
    public var rows: [Device]
    /// False when the list ended before `limit` rows were found in the asked direction.
    public var isFull: Bool
    public var count: MatchCount?
    /// Devices in the tenant, read in the same snapshot as the rows.
    public var tenantTotal = 0
}

/// The sort orders as index ranges. Every order ends with `id`, so keys are unique and
/// each window is one or more ranges of the sort's index (migration v4).
enum DeviceListOrder {
    struct Column {
        let name: String
        let caseless: Bool
        let value: @Sendable (Device) -> String
        var sql: String { caseless ? "device.\(name) COLLATE NOCASE" : "device.\(name)" }
    }

    static func columns(_ sort: DeviceQuery.SortKey) -> [Column] {
        let name = Column(name: "name", caseless: true) { $0.name }
        let id = Column(name: "id", caseless: false) { $0.id }
        switch sort {
        case .name: return [name, id]
        case .lastCheckIn: return [Column(name: "lastCheckInAt", caseless: false) { DatabaseDate.text($0.lastCheckInAt) }, id]
        case .platform: return [Column(name: "platform", caseless: false) { $0.platform.rawValue }, name, id]
        case .user: return [Column(name: "primaryUserUPN", caseless: true) { $0.primaryUserUPN }, name, id]
        case .compliance: return [Column(name: "complianceState", caseless: false) { $0.complianceState.rawValue }, name, id]
        }
    }

    /// The index (migration v4) each order is a range of.
    static func index(_ sort: DeviceQuery.SortKey) -> String {
        switch sort {
        case .name: "device_by_name"
        case .lastCheckIn: "device_by_checkIn"
        case .platform: "device_by_platform"
        case .user: "device_by_user"
        case .compliance: "device_by_compliance"
        }
    }

    /// Most recent check-in first; every other order ascending.
    static func descending(_ sort: DeviceQuery.SortKey) -> Bool { sort == .lastCheckIn }

    static func orderBy(_ sort: DeviceQuery.SortKey, reversed: Bool) -> String {
        let down = descending(sort) != reversed
        return " ORDER BY " + columns(sort).map { "\($0.sql) \(down ? "DESC" : "ASC")" }.joined(separator: ", ")
    }

    /// The ranges holding the rows after (or before) `key`, nearest first: same leading
    /// values with a greater last one, then a greater second-to-last, … then a greater first.
    /// Each is a plain range of the sort's index, which one row-value comparison is not
    /// (SQLite does not use an index for it under NOCASE).
    static func ranges(after key: DeviceListKey, reversed: Bool, inclusive: Bool) -> [(String, StatementArguments)] {
        let columns = columns(key.sort)
        let forward = descending(key.sort) == reversed
        var ranges: [(String, StatementArguments)] = []
        for depth in stride(from: columns.count - 1, through: 0, by: -1) {
            var clauses: [String] = []
            var arguments: StatementArguments = []
            for index in 0..<depth {
                clauses.append("\(columns[index].sql) = ?")
                _ = arguments.append(contentsOf: [key.values[index]])
            }
            let strict = forward ? ">" : "<"
            let comparison = inclusive && depth == columns.count - 1 ? strict + "=" : strict
            clauses.append("\(columns[depth].sql) \(comparison) ?")
            _ = arguments.append(contentsOf: [key.values[depth]])
            ranges.append((clauses.joined(separator: " AND "), arguments))
        }
        return ranges
    }
}
