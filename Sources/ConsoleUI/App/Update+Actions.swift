import MDMCore

/// Device actions: moving, filtering by state, opening the device.
extension Update {
    /// The order `f` walks through: all, then each state.
    static let actionFilters: [ActionState?] = [nil, .pending, .active, .done, .failed, .notSupported, .canceled]

    static func actionsKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        let count = state.actions.page?.records.count ?? 0, rows = state.listRows
        switch key {
        case .up, .character("k"): state.actions.position.move(by: -1, count: count, rows: rows)
        case .down, .character("j"): state.actions.position.move(by: 1, count: count, rows: rows)
        case .pageUp: state.actions.position.move(by: -rows, count: count, rows: rows)
        case .pageDown, .character(" "): state.actions.position.move(by: rows, count: count, rows: rows)
        case .home, .character("g"): state.actions.position.select(0, count: count, rows: rows)
        case .end, .character("G"): state.actions.position.select(count - 1, count: count, rows: rows)
        case .character("f"):
            let index = actionFilters.firstIndex(of: state.actions.filter) ?? 0
            state.actions.filter = actionFilters[(index + 1) % actionFilters.count]
            state.actions.position = ListPosition()
            return [.loadActions(filter: state.actions.filter)]
        case .enter, .right:
            guard let records = state.actions.page?.records, state.actions.position.selection < records.count else { return [] }
            return show(.overview(deviceId: records[state.actions.position.selection].deviceId), &state)
        default: break
        }
        return []
    }
}
