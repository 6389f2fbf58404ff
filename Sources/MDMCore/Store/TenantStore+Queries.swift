import Foundation
import GRDB

/// Reads shared by every front end. Each is one consistent snapshot.
extension TenantStore {
    public func now() throws -> Date {
        try read { db in try TenantClock.now(db) }
    }

    public func tenantName() throws -> String {
        try read { db in try Meta.get(db, "tenantName") ?? "Tenant" }
    }

    /// Whether the store holds a tenant yet (a demo or an import made one).
    public func hasTenant() throws -> Bool {
        try read { db in try Meta.get(db, TenantClock.key) != nil }
    }

    public func devices(_ query: DeviceQuery) throws -> [Device] {
        try read { db in try DeviceSQL.fetch(db, query) }
    }

    /// The exact number of matching devices: free without a search (a tally), a full scan
    /// for short or common search text.
    /// Those of `ids` that name no device `upn` may see, in their order (looked up 500 at a time).
    public func unknownDeviceIds(_ ids: [String], seenBy upn: String) throws -> [String] {
        try read { db in
            let scopeClause = try Operators.scope(db, upn).deviceClause()
            var known = Set<String>()
            for start in stride(from: 0, to: ids.count, by: 500) {
                let batch = Array(ids[start..<min(start + 500, ids.count)])
                let marks = Array(repeating: "?", count: batch.count).joined(separator: ",")
                var arguments = StatementArguments(batch)
                if let (_, scopeArguments) = scopeClause { _ = arguments.append(contentsOf: scopeArguments) }
                known.formUnion(try String.fetchAll(db, sql: "SELECT id FROM device WHERE id IN (\(marks))" + (scopeClause.map { " AND " + $0.0 } ?? ""),
                                                    arguments: arguments))
            }
            return ids.filter { !known.contains($0) }
        }
    }

    public func deviceCount(_ query: DeviceQuery = DeviceQuery()) throws -> Int {
        try read { db in try DeviceSQL.count(db, query) }
    }

    /// One window of the All devices list, by keyset; with `counting`, how many match in all
    /// (estimated when only a full scan could say exactly).
    public func deviceWindow(_ query: DeviceQuery, start: DeviceWindowStart, limit: Int, counting: Bool = false,
                             columns: DeviceColumns = .whole) throws -> DeviceWindow {
        try read { db in
            var window = try DeviceSQL.window(db, query, start: start, limit: limit, counting: counting, columns: columns)
            // A scoped operator's tenant is their tags' devices (counted: no tally per tag is kept).
            var scoped = DeviceQuery()
            scoped.scope = query.scope
            window.tenantTotal = query.scope.isEveryDevice ? try DeviceSQL.tally(db, platform: nil) : try DeviceSQL.exactCount(db, scoped)
            return window
        }
    }

    /// Every matching device in list order, a window at a time: memory stays flat however
    /// many there are (the command line's listings and exports).
    public func forEachDevice(_ query: DeviceQuery, batch: Int = 2000, columns: DeviceColumns = .whole, _ body: (Device) throws -> Void) throws {
        var start = DeviceWindowStart.first
        while true {
            let window = try read { db in
                try DeviceSQL.window(db, query, start: start, limit: batch, counting: false, readingEverything: true, columns: columns)
            }
            for device in window.rows { try body(device) }
            guard window.isFull, let last = window.rows.last else { return }
            start = .after(DeviceListKey(last, sort: query.sort))
        }
    }

    /// DEVICE on the command line: an id, or an exact name (case-insensitive when unique);
    /// `seenBy`: among the devices that operator's scope tags show (nil: the whole tenant,
    /// for what is not an operator's view, such as `simulate`).
    public func resolveDevice(_ text: String, seenBy upn: String? = nil) throws -> Device {
        try read { db in try DeviceSQL.resolve(db, text, scope: try upn.map { try Operators.scope(db, $0) } ?? .everyDevice) }
    }

    /// The device `id`; `seenBy`: nil when outside that operator's scope tags.
    public func device(id: String, seenBy upn: String? = nil) throws -> Device? {
        try read { db in
            guard let upn else { return try Device.fetchOne(db, key: id) }
            return try Operators.visibleDevice(db, id: id, to: upn)
        }
    }

    /// What a device filter of the command line (`actions --device`, `audit --device`) means,
    /// one rule for both: an id or exact name of a device names that device (two devices of
    /// that name are refused, as `resolveDevice` does); anything else is kept as text
    /// (a removed device's name, or part of a name where the command searches).
    public func deviceFilter(_ text: String, seenBy upn: String? = nil) throws -> DeviceFilter {
        do {
            return .device(try resolveDevice(text, seenBy: upn))
        } catch StoreError.removedDevice {
            return .text(text)
        } catch StoreError.unknownDevice {
            return .text(text)
        }
    }

    /// The actions of a device that may since have been removed (R15, R17), by id or name.
    public func actions(forDeviceIdOrName text: String) throws -> [ActionRecord] {
        try read { db in
            try ActionRecord.fetchAll(db, sql: "SELECT * FROM action WHERE deviceId = ? OR deviceName = ? ORDER BY issuedAt DESC, rowid DESC",
                                      arguments: [text, text])
        }
    }

    /// The actions of several devices at once (a page of them), newest first, by device id.
    public func actions(deviceIds: [String]) throws -> [String: [ActionRecord]] {
        guard !deviceIds.isEmpty else { return [:] }
        return try read { db in
            try Dictionary(grouping: ActionRecord.fetchAll(db, SQLRequest<ActionRecord>(literal: """
                SELECT * FROM action WHERE deviceId IN \(deviceIds) ORDER BY issuedAt DESC, rowid DESC
                """)), by: \.deviceId)
        }
    }

    /// R20: the Device actions view, newest first, optionally for one device or state.
    /// R26, R34: the day's counted actions on the tenant, and this device's recent notifications.
    public func usage(deviceId: String? = nil) throws -> ActionUsage {
        try read { db in try ActionSQL.usage(db, deviceId: deviceId, now: try TenantClock.now(db)) }
    }

    /// `seenBy`: only what that operator's scope tags let them read (nil: every action).
    public func actions(deviceId: String? = nil, state: ActionState? = nil, limit: Int? = nil, seenBy upn: String? = nil) throws -> [ActionRecord] {
        try read { db in
            try ActionSQL.fetch(db, deviceId: deviceId, state: state, limit: limit, reader: try upn.flatMap { try Operators.scope(db, $0).reader($0) })
        }
    }

    /// What `upn` may read of the tenant's history: nil when their assignment sees every device.
    public func scopedReader(_ upn: String) throws -> ScopedReader? {
        try scope(of: upn).reader(upn)
    }

    public func auditEntries(_ query: AuditQuery = AuditQuery()) throws -> [AuditEntry] {
        try read { db in try AuditLog.entries(db, query) }
    }

    /// Every entry of `query`, newest first, one at a time from a cursor in one read (an
    /// export of ten million entries in flat memory).
    public func forEachAuditEntry(_ query: AuditQuery, _ body: (AuditEntry) throws -> Void) throws {
        try read { db in try AuditLog.forEachEntry(db, query, body) }
    }

    public func auditEntries(forAction actionId: String) throws -> [AuditEntry] {
        try read { db in try AuditLog.entries(forAction: actionId, db) }
    }

    /// R19: the explanation to show beside each retire or wipe of `records` that no audit
    /// entry names (most likely started by the device's user from the Company Portal).
    public func noAuditEntryExplanations(for records: [ActionRecord]) throws -> [String: String] {
        let unaudited = try read { db in try AuditLog.unaudited(records, db) }
        return Dictionary(uniqueKeysWithValues: records.filter { unaudited.contains($0.id) }.map { ($0.id, Explanations.noAuditEntry($0)) })
    }

    /// The devices the operator sees and acts on (their assignment's scope tags).
    public func scope(of upn: String) throws -> DeviceScope {
        try read { db in try Operators.scope(db, upn) }
    }

    /// The operator's role; unknown operators are read only (least privilege).
    public func role(of upn: String) throws -> Role {
        try read { db in try Operators.role(db, upn) }
    }

    public func operators() throws -> [Operator] {
        try read { db in try Operator.order(Column("upn")).fetchAll(db) }
    }

    /// Everything the device overview shows to `operatorUPN`, read in one snapshot: their
    /// role, and on a connected tenant what their own sign-in may do.
    public func overview(deviceId: String, operatorUPN: String) throws -> DeviceOverview? {
        try read { db in
            guard let device = try Operators.visibleDevice(db, id: deviceId, to: operatorUPN) else { return nil }
            let now = try TenantClock.now(db)
            let actions = try ActionSQL.fetch(db, deviceId: deviceId, state: nil, limit: nil)
            return DeviceOverview(device: device, now: now, role: try Operators.role(db, operatorUPN), actions: actions,
                                  unauditedActionIds: try AuditLog.unaudited(actions, db),
                                  grant: try Self.serviceGrant(db, operator: operatorUPN), usage: try ActionSQL.usage(db, deviceId: deviceId, now: now))
        }
    }
}

enum Operators {
    static func role(_ db: Database, _ upn: String) throws -> Role {
        guard let id = try String.fetchOne(db.cachedStatement(sql: "SELECT role FROM operator WHERE upn = ?"), arguments: [upn]) else { return .readOnly }
        // A role id this build does not know (a newer build's, or a row written by hand) gives nothing.
        return try RoleCatalog.role(db, id: id) ?? .readOnly
    }

    /// The devices `upn` sees and acts on: their assignment's scope tags, or every device for
    /// an assignment without (and for an operator with no row, who reads only).
    static func scope(_ db: Database, _ upn: String) throws -> DeviceScope {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT scopeTagIds FROM operator WHERE upn = ?"), arguments: [upn]),
              let text: String = row["scopeTagIds"] else { return .everyDevice }
        guard let ids = ScopeTagColumn.ids(text) else { throw StoreError.invalid("the operator \(upn) has unreadable scope tags: \(text)") }
        return .tags(Set(ids))
    }

    /// The device `id` as `upn` may see it: nil when there is none and when it is outside
    /// their scope tags alike, so a regional operator learns nothing of another region's devices.
    static func visibleDevice(_ db: Database, id: String, to upn: String) throws -> Device? {
        guard let device = try Device.fetchOne(cached: db, id: id) else { return nil }
        return try scope(db, upn).contains(device) ? device : nil
    }
}

enum DeviceSQL {
    /// Every matching device in list order (or `limit` of them from `offset`): for the
    /// command line and tests. The console pages with `window` instead.
    static func fetch(_ db: Database, _ query: DeviceQuery) throws -> [Device] {
        // Every match is read: sort the trigram index's candidates, or read the table in file
        // order and sort, rather than walk an index with a random read per row.
        let search = try DeviceSearch.plan(db, query).forReadingEverything
        var (from, clauses, arguments) = search.source(for: query)
        if case .scan = search { from += " NOT INDEXED" }
        var sql = "SELECT device.*" + from + (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND "))
            + DeviceListOrder.orderBy(query.sort, reversed: false)
        if let limit = query.limit { sql += " LIMIT \(max(0, limit)) OFFSET \(max(0, query.offset))" }
        return try Device.fetchAll(db, sql: sql, arguments: arguments)
    }

    static func count(_ db: Database, _ query: DeviceQuery) throws -> Int {
        try exactCount(db, query)
    }

    /// DEVICE as `scope` may see it: devices outside it are as if absent (not found, not
    /// suggested, not counted as a second of a name), as the service's scope tags hide them.
    static func resolve(_ db: Database, _ text: String, scope: DeviceScope = .everyDevice) throws -> Device {
        if let byId = try Device.fetchOne(db, key: text), scope.contains(byId) { return byId }
        let exact = try Device.fetchAll(db, sql: "SELECT * FROM device WHERE name = ?", arguments: [text]).filter(scope.contains)
        if exact.count == 1 { return exact[0] }
        if exact.count > 1 { throw StoreError.ambiguousDevice(text, ids: exact.map(\.id)) }
        let folded = try Device.fetchAll(db, sql: "SELECT * FROM device WHERE name = ? COLLATE NOCASE", arguments: [text]).filter(scope.contains)
        if folded.count == 1 { return folded[0] }
        if folded.count > 1 { throw StoreError.ambiguousDevice(text, ids: folded.map(\.id)) }
        // Who removed which device is the tenant's history; a scoped operator is not told of it.
        if scope.isEveryDevice, let removal = try AuditEntry.fetchOne(db, SQLRequest<AuditEntry>(literal: """
            SELECT * FROM auditEntry WHERE activity = \(DeviceAction.delete.auditActivity) AND result = \(AuditResult.success)
              AND (deviceId = \(text) OR deviceName = \(text))
            ORDER BY id DESC LIMIT 1
            """)) {
            throw StoreError.removedDevice(text, deviceName: removal.deviceName ?? text, when: removal.time, by: removal.actor)
        }
        var nearQuery = "SELECT name FROM device WHERE name LIKE ? ESCAPE '\\'"
        var nearArguments: StatementArguments = [SQLPattern.contains(text)]
        if let (clause, scopeArguments) = scope.deviceClause() {
            nearQuery += " AND " + clause
            _ = nearArguments.append(contentsOf: scopeArguments)
        }
        let near = try String.fetchAll(db, sql: nearQuery + " ORDER BY name LIMIT 5", arguments: nearArguments)
        throw StoreError.unknownDevice(text, suggestions: near)
    }
}

enum ActionSQL {
    static func fetch(_ db: Database, deviceId: String?, state: ActionState?, limit: Int?, reader: ScopedReader? = nil) throws -> [ActionRecord] {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if let reader {
            let (clause, readerArguments) = reader.readsClause(deviceId: "action.deviceId", actor: "action.initiatedBy")
            clauses.append(clause)
            _ = arguments.append(contentsOf: readerArguments)
        }
        if let deviceId {
            clauses.append("deviceId = ?")
            _ = arguments.append(contentsOf: [deviceId])
        }
        if let state {
            clauses.append("state = ?")
            _ = arguments.append(contentsOf: [state.rawValue])
        }
        var sql = "SELECT * FROM action"
        if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
        sql += " ORDER BY issuedAt DESC, rowid DESC"
        if let limit { sql += " LIMIT \(max(0, limit))" }
        return try ActionRecord.fetchAll(db, sql: sql, arguments: arguments)
    }

    static func open(_ db: Database, deviceId: String) throws -> [ActionRecord] {
        try ActionRecord.fetchAll(db.cachedStatement(sql: """
            SELECT * FROM action WHERE deviceId = ? AND state IN (\(ActionState.open.map { "'\($0.rawValue)'" }.joined(separator: ", ")))
            ORDER BY issuedAt, rowid
            """), arguments: [deviceId])
    }

    /// R26, R34: what the rules count, read in the transaction that takes the action.
    static func usage(_ db: Database, deviceId: String?, now: Date) throws -> ActionUsage {
        let day = ActionUsage.utcDay(of: now)
        let limited = Array(ActionUsage.dailyLimit.keys)
        var today: [DeviceAction: Int] = [:]
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT action, count(*) FROM action
            WHERE action IN (\(limited.map { _ in "?" }.joined(separator: ", "))) AND issuedAt >= ? AND issuedAt < ?
            GROUP BY action
            """), arguments: StatementArguments(limited.map(\.rawValue) + [day.start, day.end]))
        for row in rows {
            if let action = DeviceAction(rawValue: row[0]) { today[action] = row[1] }
        }
        var notifications: [Date] = []
        if let deviceId {
            notifications = try Date.fetchAll(db.cachedStatement(sql: """
                SELECT issuedAt FROM action WHERE deviceId = ? AND action = ? AND issuedAt > ? ORDER BY issuedAt
                """), arguments: [deviceId, DeviceAction.sendCustomNotification.rawValue, now.addingTimeInterval(-RuleDurations.hour)])
        }
        return ActionUsage(today: today, dayEndsAt: day.end, notificationsLastHour: notifications)
    }
}
