import Foundation
import MDMCore

/// The approvals panel: ↑↓ choose a request; a approves, r rejects (each asks a note), c
/// completes your approved request, x cancels yours; Enter does the one step that fits.
extension Update {
    static func approvalsKey(_ key: Key, _ panel: inout ApprovalsPanel, _ state: inout AppState) -> [Effect] {
        let command = state.keymap.command(for: key, in: state.keyContext)
        if let decision = panel.deciding { return noteKey(key, command, decision, &panel, &state) }
        if moveInMenu(command, &panel.selected, count: panel.requests.count) {
            state.overlay = .approvals(panel)
            return []
        }
        if command == .close { state.overlay = nil; return [] }
        guard let request = panel.current else { return [] }
        let mine = request.requestor == state.operatorUPN
        let status = request.status(at: panel.now)
        var letter = command == nil ? Keymap.typed(key) : nil
        if command == .take || command == .open {
            // Enter: the step that fits where the request is and whose it is.
            letter = switch (status, mine) {
            case (.needsApproval, false): "a"
            case (.approved, true): "c"
            default: nil
            }
            if letter == nil {
                state.status = StatusLine(text: mine && status == .needsApproval ? "It waits for another approver; x cancels it."
                                                                                  : "\(request.summary) is \(status.title.lowercased()): nothing to do.", kind: .info)
                return []
            }
        }
        switch letter {
        case "a": panel.deciding = .approve
        case "r": panel.deciding = .reject
        case "c": return [.approvalStep(.complete(id: request.id))]
        case "x": return [.approvalStep(.cancel(id: request.id))]
        default: return []
        }
        panel.note = ""
        panel.problem = nil
        state.overlay = .approvals(panel)
        return []
    }

    /// The approver's note, typed; Enter sends the decision, Esc goes back to the list.
    static func noteKey(_ key: Key, _ command: Command?, _ decision: ApprovalsPanel.Decision, _ panel: inout ApprovalsPanel,
                        _ state: inout AppState) -> [Effect] {
        switch fieldEdit(key, state) {
        case .typed(let character):
            panel.note.append(character)
            panel.problem = nil
        case .erase:
            if !panel.note.isEmpty { panel.note.removeLast() }
        case .cancel:
            panel.deciding = nil
        case .accept:
            guard let request = panel.current else { return [] }
            guard !panel.note.trimmingCharacters(in: .whitespaces).isEmpty else {
                panel.problem = "Write a note: the requester reads it."
                state.overlay = .approvals(panel)
                return []
            }
            let note = panel.note
            panel.deciding = nil
            state.overlay = .approvals(panel)
            return [.approvalStep(decision == .approve ? .approve(id: request.id, note: note) : .reject(id: request.id, note: note))]
        case .other:
            break
        }
        state.overlay = .approvals(panel)
        return []
    }

    /// A step's outcome on the status line; the panel and the header are read again.
    static func approvalStepDone(_ text: String, isError: Bool, _ state: inout AppState) -> [Effect] {
        state.status = StatusLine(text: text, kind: isError ? .error : .success)
        guard case .approvals = state.overlay else { return refreshEffects(state) }
        return [.loadApprovals] + refreshEffects(state)
    }
}
