import MDMCore

/// Device actions: moving, filtering by state, opening the device.
extension Update {
    /// The order `f` walks through: all, then each state.
    static let actionFilters: [ActionState?] = [nil, .pending, .active, .done, .failed, .notSupported, .canceled]

    static func actionsCommand(_ command: Command, _ state: inout AppState) -> [Effect] {
        if navigate(command, &state.actions.position, count: state.actions.page?.records.count ?? 0, rows: state.listRows) { return [] }
        switch command {
        case .stateFilter:
            let index = actionFilters.firstIndex(of: state.actions.filter) ?? 0
            state.actions.filter = actionFilters[(index + 1) % actionFilters.count]
            state.actions.position = ListPosition()
            return [.loadActions(filter: state.actions.filter)]
        case .open:
            guard let records = state.actions.page?.records, state.actions.position.selection < records.count else { return [] }
            return show(.overview(deviceId: records[state.actions.position.selection].deviceId), &state)
        default: return []
        }
    }
}
