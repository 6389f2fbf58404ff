import Foundation
import MDMCore

/// The approvals panel: one request a line (status, what, who asked, until when), the
/// selected one's justification and approver's note below, then what can be done to it.
enum ApprovalsView {
    static let width = 78

    static func draw(_ grid: inout CellGrid, _ state: AppState, _ panel: ApprovalsPanel) {
        let boxWidth = min(width, grid.width - 2)
        var content = DialogContent(dialogWidth: boxWidth, state)
        if panel.requests.isEmpty {
            content.text("No approval request. A wipe, retire or delete an access policy protects asks for a justification and becomes one.")
        }
        let rows = max(1, state.height - 14)
        let first = max(0, min(panel.selected - rows + 1, panel.requests.count - rows))
        for (index, request) in panel.requests.enumerated().dropFirst(first).prefix(rows) {
            let who = request.requestor == state.operatorUPN ? "you" : request.requestor
            let line = "\(request.status(at: panel.now).title.padding(toLength: 14, withPad: " ", startingAt: 0)) \(request.summary) · \(who) · until \(DateText.short(request.expiresAt))"
            content.row(Text.fit(TerminalText.visible(line), content.innerWidth), index == panel.selected ? .selected : .dialog, cursor: index == panel.selected ? 0 : nil)
        }
        if let request = panel.current {
            content.blank()
            content.text("Justification: \(TerminalText.visible(request.justification))")
            if let approver = request.approver, let note = request.approverNote {
                content.text("\(request.storedStatus == .rejected ? "Rejected" : "Approved") by \(approver): \(TerminalText.visible(note))")
            }
            if let decision = panel.deciding {
                content.text(decision == .approve ? "Approve it. Your note for the requester:" : "Reject it. Why, for the requester:", .warning)
                let shown = String(panel.note.suffix(content.innerWidth - 1))
                content.row(Text.fit(shown, content.innerWidth), .input, fill: false, spans: [(x: shown.count, width: 1, role: .selected)], cursor: shown.count)
                if let problem = panel.problem { content.text(problem, .error) }
            } else {
                content.text(steps(request, panel, state), .label)
            }
        }
        content.draw(&grid, state, width: boxWidth, title: "Approvals")
    }

    /// What the operator may do to it, as the core will judge it.
    static func steps(_ request: ApprovalRequest, _ panel: ApprovalsPanel, _ state: AppState) -> String {
        let mine = request.requestor == state.operatorUPN
        switch (request.status(at: panel.now), mine) {
        case (.needsApproval, false): return "a: approve  r: reject (each with a note)"
        case (.needsApproval, true): return "Waiting for another approver.  x: cancel it"
        case (.approved, true): return "Enter or c: complete it (the rules are checked again)  x: cancel it"
        case (.approved, false): return "Approved: its requester completes it."
        default: return ""
        }
    }
}
