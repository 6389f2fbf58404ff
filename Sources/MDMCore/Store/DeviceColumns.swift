import GRDB

/// Which of a device's columns a read decodes. A device's apps and inventory are JSON (the
/// inventory the largest part of a row after an import), and decoding them was a good part
/// of what a bulk preview or `devices --json` spent per device; neither reads them. A column
/// left out is read as a constant (an empty list or object), so the rows keep the table's
/// shape and `Device(row:)` reads them by position.
public enum DeviceColumns: Sendable {
    /// Every column: the overview, the action path, the CSV (its inventory columns).
    case whole
    /// All but `apps` and `inventory`, which read as empty: only for what reads neither, a
    /// bulk preview's verdicts (a device's notes, which count its apps, are not part of a
    /// verdict) and the Graph wire (`devices --json`).
    case withoutAppsAndInventory

    /// The select list, in table order.
    func selectList() -> String {
        switch self {
        case .whole: "device.*"
        case .withoutAppsAndInventory: Self.leanList
        }
    }

    private static let leanList: String = Device.databaseColumns.map { (column: String) -> String in
        switch column {
        case "apps": return "'[]' AS apps"
        case "inventory": return "'{}' AS inventory"
        default: return "device." + column
        }
    }.joined(separator: ", ")

    /// The devices of `ids` that exist and `scope` shows, in the order of `ids` (given once each):
    /// looked up from a JSON array by `json_each`, so they come in order without a dictionary.
    func fetch(_ db: Database, ids: [String], scope: DeviceScope) throws -> [Device] {
        guard !ids.isEmpty else { return [] }
        var list: [UInt8] = [UInt8(ascii: "[")]
        for (index, id) in ids.enumerated() {
            if index > 0 { list.append(UInt8(ascii: ",")) }
            JSONBytes.append(string: id, to: &list)
        }
        list.append(UInt8(ascii: "]"))
        var sql = "SELECT \(selectList()) FROM json_each(?) AS given CROSS JOIN device ON device.id = given.value"
        var arguments: StatementArguments = [String(decoding: list, as: UTF8.self)]
        if let (clause, scopeArguments) = scope.deviceClause() {
            sql += " WHERE " + clause
            _ = arguments.append(contentsOf: scopeArguments)
        }
        return try Device.fetchAll(db.cachedStatement(sql: sql + " ORDER BY given.key"), arguments: arguments)
    }
}
