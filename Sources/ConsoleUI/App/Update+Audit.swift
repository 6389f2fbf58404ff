import Foundation
import MDMCore

/// The audit log pane: moving, filtering, opening one entry.
extension Update {
    static func auditCommand(_ command: Command, _ state: inout AppState) -> [Effect] {
        if navigate(command, &state.audit.position, count: state.audit.count, rows: state.listRows) {
            return auditWindowEffects(&state, force: false)
        }
        switch command {
        case .filter: state.audit.editingFilter = true
        case .open:
            guard let entry = state.audit.selectedEntry else { return [] }
            state.overlay = .auditEntry(entry)
        default: break
        }
        return []
    }

    static func auditFilterKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        switch fieldEdit(key, state) {
        case .accept:
            state.audit.editingFilter = false
            return []
        case .cancel:
            state.audit.editingFilter = false
            guard !state.audit.filterText.isEmpty else { return [] }
            state.audit.filterText = ""
        case .erase:
            guard !state.audit.filterText.isEmpty else { return [] }
            state.audit.filterText.removeLast()
        case .typed(let character):
            state.audit.filterText.append(character)
        case .other:
            return []
        }
        state.audit.position = ListPosition()
        return auditLoad(&state)
    }

    /// Reads the entries about to be shown that are not held, by keyset from the nearest
    /// held one; everything from the top for a new filter.
    static func auditWindowEffects(_ state: inout AppState, force: Bool) -> [Effect] {
        guard let query = state.audit.query else { return [] }
        let limit = windowLimit(state)
        guard let (place, size) = state.audit.window.need(top: state.audit.position.top, screen: state.listRows, limit: limit, force: force) else {
            return []
        }
        let start = state.audit.window.start(for: place, key: AuditKey.init)
        return [.loadAudit(AuditWindowRequest(query: query, start: start, place: place, limit: size,
                                              counting: ListWindow<AuditEntry>.counts(place, force: force)))]
    }

    static func receiveAudit(_ request: AuditWindowRequest, _ window: AuditWindow, _ state: inout AppState) -> [Effect] {
        guard request.query == state.audit.query else { return [] }  // an answer to an older filter
        if request.counting { state.audit.searchedNewestOnly = window.searchedNewestOnly }
        state.audit.window.merge(request.place, rows: window.entries, isFull: window.isFull, count: window.count,
                                 position: &state.audit.position, screen: state.listRows)
        state.audit.window.trim(around: state.audit.position.top, keep: keptRows(state))
        state.audit.position.select(state.audit.position.selection, count: state.audit.count, rows: state.listRows)
        var effects = auditWindowEffects(&state, force: false)
        if request.counting, !state.audit.window.count.isExact { effects.append(.countAudit(request.query)) }
        return effects
    }

    static func receiveAuditCount(_ query: AuditQuery, _ count: Int, _ state: inout AppState) {
        guard query == state.audit.query else { return }
        state.audit.window.count = MatchCount(value: count, isExact: true)
        state.audit.position.select(state.audit.position.selection, count: count, rows: state.listRows)
    }

    /// Loads the log for the filter being typed; an unfinished field (`since:2026-1`) waits.
    static func auditLoad(_ state: inout AppState) -> [Effect] {
        do {
            let query = try AuditFilter.parse(state.audit.filterText)
            state.audit.filterError = nil
            if query != state.audit.query {
                state.audit.query = query
                state.audit.window = ListWindow()
                state.audit.position = ListPosition()
                return [.loadAudit(AuditWindowRequest(query: query, start: .first, place: .first, limit: windowLimit(state), counting: true))]
            }
            return auditWindowEffects(&state, force: true)
        } catch {
            state.audit.filterError = "\(error)"
            return []
        }
    }
}
