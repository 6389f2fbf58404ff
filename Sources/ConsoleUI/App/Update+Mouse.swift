/// The mouse: a click selects a row or a menu entry, a double click opens or takes it, the
/// wheel scrolls, and a click on a footer key runs that key. Each goes through the same
/// commands as the keys, so a click can do nothing a key could not.
extension Update {
    /// Rows the wheel moves per notch.
    static let wheelRows = 3

    static func mouse(_ event: MouseEvent, _ state: inout AppState) -> [Effect] {
        guard !state.isTooSmall, !state.sending else { return [] }
        let context = state.keyContext
        if event.y == ConsoleView.footerRow(state), state.commandLine == nil {
            guard event.kind == .click, let item = FooterKeys.item(at: event.x, state), let command = item.command,
                  let key = state.keymap.keys(command, in: item.context).first else { return [] }
            return handle(key, &state)
        }
        switch event.kind {
        case .wheelUp, .wheelDown:
            guard let key = state.keymap.keys(event.kind == .wheelUp ? .moveUp : .moveDown, in: context).first else { return [] }
            return (0..<wheelRows).flatMap { _ in handle(key, &state) }
        case .click, .doubleClick:
            // Where the click landed: the views say which row or entry each screen row shows.
            guard let target = ConsoleView.render(state).targets[event.y] else { return [] }
            var effects = select(target, &state)
            if event.kind == .doubleClick {
                let open: Command = context == .menu ? .take : .open
                if let key = state.keymap.keys(open, in: context).first { effects += handle(key, &state) }
            }
            return effects
        }
    }

    /// Puts the selection on list row or menu entry `index`.
    static func select(_ index: Int, _ state: inout AppState) -> [Effect] {
        let rows = state.listRows
        switch state.overlay {
        case .more(var menu):
            menu.selected = index
            state.overlay = .more(menu)
        case .bulkMenu(var menu):
            if menu.highlighted != index { menu.expanded = nil }
            menu.highlighted = index
            state.overlay = .bulkMenu(menu)
        case nil:
            switch state.screen {
            case .devices:
                state.list.editingFilter = false
                state.list.position.select(index, count: state.list.filteredCount, rows: rows)
                return windowEffects(&state, force: false)
            case .actions:
                state.actions.position.select(index, count: state.actions.page?.records.count ?? 0, rows: rows)
            case .audit:
                state.audit.editingFilter = false
                state.audit.position.select(index, count: state.audit.count, rows: rows)
                return auditWindowEffects(&state, force: false)
            case .overview: break
            }
        default: break
        }
        return []
    }
}
