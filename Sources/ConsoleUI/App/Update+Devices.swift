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

    /// Loads the rows around what is on screen when they are not loaded yet.
    static func windowEffects(_ state: inout AppState, force: Bool) -> [Effect] {
        let rows = state.listRows
        if !force, let page = state.list.page, page.query == state.list.query {
            let first = state.list.position.top
            let last = min(page.filteredCount, first + rows)
            if first >= page.offset, last <= page.offset + page.rows.count { return [] }
        }
        return [.loadDevices(state.list.query, offset: windowOffset(state), limit: rows * 3)]
    }

    /// A window starting one screen above the first row shown.
    static func windowOffset(_ state: AppState) -> Int {
        max(0, state.list.position.top - state.listRows)
    }
}
