import Foundation
import MDMCore

/// The audit log pane: moving, filtering, opening one entry.
extension Update {
    static func auditKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        let count = state.audit.count, rows = state.listRows
        switch key {
        case .up, .character("k"): state.audit.position.move(by: -1, count: count, rows: rows)
        case .down, .character("j"): state.audit.position.move(by: 1, count: count, rows: rows)
        case .pageUp: state.audit.position.move(by: -rows, count: count, rows: rows)
        case .pageDown, .character(" "): state.audit.position.move(by: rows, count: count, rows: rows)
        case .home, .character("g"): state.audit.position.select(0, count: count, rows: rows)
        case .end, .character("G"): state.audit.position.select(count - 1, count: count, rows: rows)
        case .character("/"): state.audit.editingFilter = true
        case .enter, .right:
            guard let entry = state.audit.selectedEntry else { return [] }
            state.overlay = .auditEntry(entry)
        default: break
        }
        return auditWindowEffects(&state, force: false)
    }

    static func auditFilterKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        switch key {
        case .enter:
            state.audit.editingFilter = false
            return []
        case .escape:
            state.audit.editingFilter = false
            guard !state.audit.filterText.isEmpty else { return [] }
            state.audit.filterText = ""
        case .backspace:
            guard !state.audit.filterText.isEmpty else { return [] }
            state.audit.filterText.removeLast()
        case .character(let character):
            state.audit.filterText.append(character)
        default:
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
