import MDMCore

/// All devices: moving, filtering as you type, sorting, opening.
extension Update {
    /// Rows read per window: three screens.
    static func windowLimit(_ state: AppState) -> Int { state.listRows * 3 }

    /// Rows kept in memory at most: nine screens around the one shown, however long the list.
    static func keptRows(_ state: AppState) -> Int { state.listRows * 9 }

    static func listCommand(_ command: Command, _ state: inout AppState) -> [Effect] {
        if let effects = markCommand(command, &state) { return effects }
        if navigate(command, &state.list.position, count: state.list.filteredCount, rows: state.listRows) {
            return windowEffects(&state, force: false)
        }
        switch command {
        case .filter:
            state.list.editingFilter = true
            return []
        case .sort:
            let keys = DeviceQuery.SortKey.allCases
            let next = keys[(keys.firstIndex(of: state.list.query.sort)! + 1) % keys.count]
            state.list.query.sort = next
            state.list.position = ListPosition()
            state.status = StatusLine(text: "Sorted by \(next.title)", kind: .info)
            return windowEffects(&state, force: true)
        case .open:
            guard let device = state.list.selectedDevice else { return [] }
            return show(.overview(deviceId: device.id), &state)
        case .more:
            if !state.marks.isEmpty { return openBulkMenu(&state) }
            guard let device = state.list.selectedDevice else { return [] }
            state.overlay = .more(MoreMenu(deviceId: device.id))
            return [.loadOverview(deviceId: device.id)]
        default:
            return []
        }
    }

    /// Typing in the filter: every keystroke filters at once.
    static func listFilterKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        switch fieldEdit(key, state) {
        case .accept:
            state.list.editingFilter = false
            return []
        case .cancel:
            state.list.editingFilter = false
            guard !state.list.query.search.isEmpty else { return [] }
            state.list.query.search = ""
        case .erase:
            guard !state.list.query.search.isEmpty else { return [] }
            state.list.query.search.removeLast()
        case .typed(let character):
            state.list.query.search.append(character)
        case .other:
            // Moving keys leave the filter and move in the list.
            guard let command = state.keymap.command(for: key, in: .devices), [.moveUp, .moveDown, .movePageUp, .movePageDown].contains(command) else { return [] }
            state.list.editingFilter = false
            return listCommand(command, &state)
        }
        state.list.position = ListPosition()
        return windowEffects(&state, force: true)
    }

    /// Loads what the list needs: from the top for a new filter or sort, the same rows again
    /// with `force` (a resize, a refresh), otherwise only rows about to be shown that are
    /// not held yet, read by keyset from the nearest held row.
    static func windowEffects(_ state: inout AppState, force: Bool) -> [Effect] {
        let query = state.list.query
        guard let page = state.list.page, page.query == query else {
            return [.loadDevices(DeviceWindowRequest(query: query, start: .first, place: .first, limit: windowLimit(state), counting: true))]
        }
        guard let (place, limit) = page.window.need(top: state.list.position.top, screen: state.listRows,
                                                    limit: windowLimit(state), force: force) else { return [] }
        let start = page.window.start(for: place) { DeviceListKey($0, sort: query.sort) }
        return [.loadDevices(DeviceWindowRequest(query: query, start: start, place: place, limit: limit,
                                                 counting: ListWindow<Device>.counts(place, force: force)))]
    }

    /// A window read from the store, joined to the rows held when it continues them.
    static func receiveWindow(_ request: DeviceWindowRequest, _ window: DeviceWindow, _ state: inout AppState) -> [Effect] {
        guard request.query == state.list.query else { return [] }  // a stale answer to an older filter or sort
        var page = state.list.page.flatMap { $0.query == request.query ? $0 : nil }
            ?? DevicePage(query: request.query, window: ListWindow(), totalCount: window.tenantTotal)
        page.totalCount = window.tenantTotal
        page.window.merge(request.place, rows: window.rows, isFull: window.isFull, count: window.count,
                          position: &state.list.position, screen: state.listRows)
        page.window.trim(around: state.list.position.top, keep: keptRows(state))
        state.list.page = page
        state.list.position.select(state.list.position.selection, count: page.filteredCount, rows: state.listRows)
        var effects = windowEffects(&state, force: false)
        if request.counting, !page.count.isExact { effects.append(.countDevices(request.query)) }
        return effects
    }

    /// The exact count, once the background count is done.
    static func receiveCount(_ query: DeviceQuery, _ count: Int, _ state: inout AppState) {
        guard var page = state.list.page, page.query == query, query == state.list.query else { return }
        page.window.count = MatchCount(value: max(count, 0), isExact: true)
        state.list.page = page
        state.list.position.select(state.list.position.selection, count: page.filteredCount, rows: state.listRows)
    }
}
