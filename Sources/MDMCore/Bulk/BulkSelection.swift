import Foundation

/// The devices a bulk action is for: marked one by one (ids), or every device matching a
/// filter (`*` in All devices, `--search`/`--platform`/`--all` on the command line), minus
/// the ones unmarked since. A filter mark is the filter itself, never a million ids in memory.
public enum BulkSelection: Sendable, Hashable {
    case ids([String])
    case matching(DeviceQuery, except: Set<String>)

    public static let all = BulkSelection.matching(DeviceQuery(), except: [])

    /// The devices `scope` shows, a window at a time, in the list's order (ids in the order
    /// given); `body` returns false to stop. A device outside the operator's scope tags is
    /// never among them, whatever the selection names. `columns`: what the caller reads of them.
    func forEachWindow(_ store: TenantStore, scope: DeviceScope, size: Int = 1000, columns: DeviceColumns = .whole,
                       _ body: ([Device]) throws -> Bool) throws {
        switch self {
        case .ids(let ids):
            var seen = Set<String>()
            let unique = ids.filter { seen.insert($0).inserted }
            var index = 0
            while index < unique.count {
                let chunk = Array(unique[index..<min(index + size, unique.count)])
                guard try body(try store.read { db in try columns.fetch(db, ids: chunk, scope: scope) }) else { return }
                index += size
            }
        case .matching(var query, let except):
            query.limit = nil
            query.offset = 0
            query.scope = scope
            // The way to search is chosen once: it costs a sample and an index count (milliseconds) each time.
            let plan = try store.read { db in try DeviceSearch.plan(db, query) }
            var start = DeviceWindowStart.first
            while true {
                let window = try store.read { db in
                    try DeviceSQL.window(db, query, start: start, limit: size, counting: false, plan: plan, columns: columns)
                }
                let rows = window.rows.filter { !except.contains($0.id) }
                if !rows.isEmpty, try !body(rows) { return }
                guard window.rows.count == size, let last = window.rows.last else { return }
                start = .after(DeviceListKey(last, sort: query.sort))
            }
        }
    }

    /// How many devices it holds for `upn` (ids the store does not know, and devices outside
    /// their scope tags, are not counted).
    public func count(in store: TenantStore, seenBy upn: String) throws -> Int {
        let scope = try store.scope(of: upn)
        switch self {
        case .ids:
            var total = 0
            try forEachWindow(store, scope: scope, columns: .withoutAppsAndInventory) { total += $0.count; return true }
            return total
        case .matching(var query, let except):
            query.scope = scope
            return try store.deviceCount(query) - except.count
        }
    }
}
