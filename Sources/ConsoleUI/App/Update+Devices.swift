import MDMCore

/// All devices: moving, filtering as you type, sorting, opening.
extension Update {
    static func listKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        let count = state.list.filteredCount, rows = state.listRows
        switch key {
        case .up, .character("k"): state.list.position.move(by: -1, count: count, rows: rows)
        case .down, .character("j"): state.list.position.move(by: 1, count: count, rows: rows)
        case .pageUp: state.list.position.move(by: -rows, count: count, rows: rows)
        case .pageDown, .character(" "): state.list.position.move(by: rows, count: count, rows: rows)
        case .home, .character("g"): state.list.position.select(0, count: count, rows: rows)
        case .end, .character("G"): state.list.position.select(count - 1, count: count, rows: rows)
        case .character("/"):
            state.list.editingFilter = true
            return []
        case .character("s"):
            let keys = DeviceQuery.SortKey.allCases
            let next = keys[(keys.firstIndex(of: state.list.query.sort)! + 1) % keys.count]
            state.list.query.sort = next
            state.list.position = ListPosition()
            state.status = StatusLine(text: "Sorted by \(next.title)", kind: .info)
            return windowEffects(&state, force: true)
        case .enter, .right:
            guard let device = state.list.selectedDevice else { return [] }
            return show(.overview(deviceId: device.id), &state)
        case .character("m"):
            guard let device = state.list.selectedDevice else { return [] }
            state.overlay = .more(MoreMenu(deviceId: device.id))
            return [.loadOverview(deviceId: device.id)]
        default:
            return []
        }
        return windowEffects(&state, force: false)
    }

    /// Typing in the filter: every keystroke filters at once.
    static func listFilterKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        switch key {
        case .enter:
            state.list.editingFilter = false
            return []
        case .escape:
            state.list.editingFilter = false
            guard !state.list.query.search.isEmpty else { return [] }
            state.list.query.search = ""
        case .backspace:
            guard !state.list.query.search.isEmpty else { return [] }
            state.list.query.search.removeLast()
        case .character(let character):
            state.list.query.search.append(character)
        case .up, .down, .pageUp, .pageDown:
            // Arrows leave the filter and move in the list.
            state.list.editingFilter = false
            return listKey(key, &state)
        default:
            return []
        }
        state.list.position = ListPosition()
        return windowEffects(&state, force: true)
    }

    /// Rows read per window: three screens.
    static func windowLimit(_ state: AppState) -> Int { state.listRows * 3 }

    /// Rows kept in memory at most: nine screens around the one shown, however long the list.
    static func keptRows(_ state: AppState) -> Int { state.listRows * 9 }

    /// Loads what the list needs: from the top for a new filter or sort, the same rows again
    /// with `force` (a resize, a refresh), otherwise only rows about to be shown that are
    /// not held yet, read by keyset from the nearest held row.
    static func windowEffects(_ state: inout AppState, force: Bool) -> [Effect] {
        let query = state.list.query, rows = state.listRows, limit = windowLimit(state)
        guard let page = state.list.page, page.query == query, !page.rows.isEmpty || !force else {
            return [.loadDevices(DeviceWindowRequest(query: query, start: .first, limit: limit, counting: true))]
        }
        if page.rows.isEmpty { return [] }  // nothing matches
        if force {
            let key = DeviceListKey(page.rows[0], sort: query.sort)
            return [.loadDevices(DeviceWindowRequest(query: query, start: .from(key), anchorIndex: page.offset,
                                                     limit: max(limit, page.rows.count), counting: true))]
        }
        let first = state.list.position.top
        let last = min(page.filteredCount, first + rows)
        if first >= page.offset, last <= page.end { return [] }
        if last > page.end {
            if first > page.end + limit {
                // A jump far down (End): read the bottom of the list, counted exactly.
                return [.loadDevices(DeviceWindowRequest(query: query, start: .last, limit: limit, counting: true))]
            }
            let key = DeviceListKey(page.rows[page.rows.count - 1], sort: query.sort)
            return [.loadDevices(DeviceWindowRequest(query: query, start: .after(key), anchorIndex: page.end - 1,
                                                     limit: last - page.end + rows, counting: false))]
        }
        if first < page.offset - limit {
            // A jump far up (Home).
            return [.loadDevices(DeviceWindowRequest(query: query, start: .first, limit: limit, counting: false))]
        }
        let key = DeviceListKey(page.rows[0], sort: query.sort)
        return [.loadDevices(DeviceWindowRequest(query: query, start: .before(key), anchorIndex: page.offset,
                                                 limit: page.offset - first + rows, counting: false))]
    }

    /// A window read from the store, joined to the rows held when it continues them.
    static func receiveWindow(_ request: DeviceWindowRequest, _ window: DeviceWindow, tenantTotal: Int, _ state: inout AppState) -> [Effect] {
        guard request.query == state.list.query else { return [] }  // a stale answer to an older filter or sort
        let held = state.list.page.flatMap { $0.query == request.query ? $0 : nil }
        var count = window.count ?? held?.count ?? DeviceCount(value: window.rows.count, isExact: false)
        var page: DevicePage
        switch request.start {
        case .first:
            page = DevicePage(query: request.query, offset: 0, rows: window.rows, count: count, totalCount: tenantTotal)
            if !window.isFull { page.count = DeviceCount(value: window.rows.count, isExact: true) }
        case .last:
            if !count.isExact { count = DeviceCount(value: max(count.value, window.rows.count), isExact: false) }
            page = DevicePage(query: request.query, offset: max(0, count.value - window.rows.count), rows: window.rows, count: count, totalCount: tenantTotal)
            state.list.position.select(page.filteredCount - 1, count: page.filteredCount, rows: state.listRows)
        case .from:
            page = DevicePage(query: request.query, offset: request.anchorIndex, rows: window.rows, count: count, totalCount: tenantTotal)
            if !window.isFull { page.count = DeviceCount(value: page.end, isExact: true) }
        case .after:
            let offset = request.anchorIndex + 1
            if var joined = held, joined.end == offset {
                joined.rows += window.rows
                page = joined
            } else {
                page = DevicePage(query: request.query, offset: offset, rows: window.rows, count: count, totalCount: tenantTotal)
            }
            page.totalCount = tenantTotal
            if !window.isFull {
                page.count = DeviceCount(value: page.end, isExact: true)  // the list ends here
            } else if page.end >= page.count.value {
                page.count = DeviceCount(value: page.end + 1, isExact: false)  // the estimate was low
            }
        case .before:
            let offset = request.anchorIndex - window.rows.count
            if var joined = held, joined.offset == request.anchorIndex {
                joined.rows = window.rows + joined.rows
                joined.offset = offset
                page = joined
            } else {
                page = DevicePage(query: request.query, offset: offset, rows: window.rows, count: count, totalCount: tenantTotal)
            }
            page.totalCount = tenantTotal
            if !window.isFull || offset < 0 {
                // The top was reached sooner (or later) than the indexes said: rows were added or
                // removed above since. Number them from 0 again, moving the position with them.
                let shift = -offset
                page.offset = 0
                state.list.position.selection = max(0, state.list.position.selection + shift)
                state.list.position.top = max(0, state.list.position.top + shift)
                page.count.value = max(page.end, page.count.value + shift)
            }
        }
        trim(&page, around: state.list.position.top, keep: keptRows(state))
        state.list.page = page
        state.list.position.select(state.list.position.selection, count: page.filteredCount, rows: state.listRows)
        var effects = windowEffects(&state, force: false)
        if request.counting, !page.count.isExact { effects.append(.countDevices(request.query)) }
        return effects
    }

    /// The exact count, once the background count is done.
    static func receiveCount(_ query: DeviceQuery, _ count: Int, _ state: inout AppState) {
        guard var page = state.list.page, page.query == query, query == state.list.query else { return }
        page.count = DeviceCount(value: max(count, 0), isExact: true)
        state.list.page = page
        state.list.position.select(state.list.position.selection, count: page.filteredCount, rows: state.listRows)
    }

    /// Drops held rows far from the screen so memory stays flat while scrolling a million.
    static func trim(_ page: inout DevicePage, around top: Int, keep: Int) {
        guard page.rows.count > keep else { return }
        let start = max(page.offset, min(top - keep / 3, page.end - keep))
        let dropFront = start - page.offset
        page.rows = Array(page.rows[dropFront..<(dropFront + keep)])
        page.offset = start
    }
}
