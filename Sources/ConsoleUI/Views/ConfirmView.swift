import Foundation
import MDMCore

/// Asking before sending: the typed name for Wipe and Delete, the R12 note for Retire, the
/// code and "copy it before wiping" for Bypass, the R7 diagnosis for a reset that would
/// end Not supported.
enum ConfirmView {
    static func draw(_ grid: inout CellGrid, _ state: AppState, _ confirmation: Confirmation) {
        let entry = confirmation.availability
        let boxWidth = min(72, grid.width - 2)
        var content = DialogContent(dialogWidth: boxWidth, state)
        if entry.action == .bypassActivationLock, let overview = state.overview, overview.device.id == confirmation.deviceId,
           let code = overview.bypassCode, let until = overview.bypassCodeExpiresAt {
            content.text("Current code: \(code)", .accent)
            content.text("Valid until \(DateText.short(until)) UTC.")
        }
        if entry.predictedOutcome == .notSupported {
            content.text("This is expected to end Not supported:", .warning)
        }
        for note in entry.notes {
            content.text("\(note.rule.rawValue): \(note.text)", note.rule == .r7 || note.rule == .r12 ? .warning : .dialog)
        }
        content.blank()
        if state.sending {
            content.text(state.glyphs.text("Sending…"), .accent)
        } else if let justification = confirmation.justification {
            content.text("An access policy protects \(entry.title): another approver must approve it, then you complete it. Business justification:", .warning)
            let field = content.innerWidth
            let shown = String(justification.suffix(field - 1))
            content.row(Text.fit(shown, field), .input, fill: false, spans: [(x: shown.count, width: 1, role: .selected)], cursor: shown.count)
            if let problem = confirmation.justificationProblem { content.text(problem, .error) }
            content.text("Enter: ask for approval  \(state.keyText(.cancel, .confirm)): cancel  \(state.keyText(.back, .confirm)): back", .label)
        } else if !confirmation.form.isEmpty {
            form(confirmation.form, into: &content, state)
        } else if confirmation.needsTypedName {
            content.text("\(entry.title) cannot be undone. Type the device's name to confirm:", .destructive)
            let field = min(content.innerWidth, max(confirmation.deviceName.count + 2, 30))
            let shown = String(confirmation.typed.suffix(field - 1))
            content.row(Text.fit(shown, field), .input, fill: false, spans: [(x: shown.count, width: 1, role: .selected)], cursor: shown.count)
            if confirmation.mismatch {
                content.text("That is not the device's name (\(confirmation.deviceName)); nothing was sent.", .error)
            }
            if entry.action == .wipe {
                for line in WipeOptionKeys.lines(confirmation.wipe, state) { content.text(line) }
            }
        } else {
            content.row("Send \(entry.title)? \(sendOrCancel(state))", .dialogTitle, fill: false, cursor: 0)
        }
        content.draw(&grid, state, width: boxWidth, title: "\(entry.title) \(confirmation.deviceName)?",
                     titleRole: entry.action.needsTypedName ? .destructive : .dialogTitle)
    }

    /// The inputs, one field a line: the label, then the value in an input field (the focused
    /// one holds the cursor), a flag as a check box; then the keys and any problem.
    static func form(_ form: ActionForm, into content: inout DialogContent, _ state: AppState) {
        let labelWidth = min(24, (form.fields.map(\.label.count).max() ?? 0) + 1)
        for (index, field) in form.fields.enumerated() {
            let focused = index == form.focused
            let value = form.values[field.name] ?? ""
            let label = Text.fit(field.label + (field.required ? "*" : ""), labelWidth)
            if case .flag = field.kind {
                let on = value == "true"
                let box = state.plain ? (on ? "checked" : "not checked") : (on ? "[x]" : "[ ]")
                content.row("\(label) \(box)\(focused ? "  (Space toggles)" : "")", focused ? .selected : .dialog, fill: false, cursor: focused ? labelWidth + 1 : nil)
                continue
            }
            let width = max(10, content.innerWidth - labelWidth - 1)
            // A secret is shown as dots while typed (a PIN is read to the user later, from its record).
            let shown = field.secret ? String(repeating: "*", count: value.count) : value
            let visible = String(shown.suffix(width - 1))
            content.row(label + " " + Text.fit(visible, width), .dialog, fill: false,
                        spans: [(x: labelWidth + 1, width: width, role: .input)] + (focused ? [(x: labelWidth + 1 + visible.count, width: 1, role: .selected)] : []),
                        cursor: focused ? labelWidth + 1 + visible.count : nil)
        }
        if let problem = form.problem { content.text(problem, .error) }
        content.text("\(state.keyText(.nextField, .confirm)): next field  Enter: send  \(state.keyText(.back, .confirm)): back  (* required)", .label)
    }

    /// "y or Enter to send, n or Esc to cancel", with the keys bound now.
    static func sendOrCancel(_ state: AppState) -> String {
        "\(state.keyText(.send, .confirm, count: 2)) to send, \(state.keyText(.cancel, .confirm)) or \(state.keyText(.back, .confirm)) to cancel."
    }
}
