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

    /// "y or Enter to send, n or Esc to cancel", with the keys bound now.
    static func sendOrCancel(_ state: AppState) -> String {
        "\(state.keyText(.send, .confirm, count: 2)) to send, \(state.keyText(.cancel, .confirm)) or \(state.keyText(.back, .confirm)) to cancel."
    }
}
