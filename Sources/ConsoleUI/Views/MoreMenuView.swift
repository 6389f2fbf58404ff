import MDMCore

/// "… More": every action, the greyed ones dimmed *and* bracketed so they read in
/// monochrome, with the reason and remedy of the highlighted one underneath.
enum MoreMenuView {
    static let width = 76

    static func draw(_ grid: inout CellGrid, _ state: AppState, _ menu: MoreMenu) {
        let boxWidth = min(width, grid.width - 2)
        var content = DialogContent(dialogWidth: boxWidth, state)
        guard let overview = state.overview, overview.device.id == menu.deviceId else {
            content.text(state.glyphs.text("Loading…"))
            content.draw(&grid, state, width: 40, title: state.glyphs.text("… More"))
            return
        }
        let entries = overview.availability
        for (index, entry) in entries.enumerated() {
            let selected = index == menu.selected
            let role: StyleRole = entry.enabled ? (selected ? .selected : .dialog) : (selected ? .greyedSelected : .greyed)
            if state.plain {
                // "3 of 7: Wipe, greyed out: R4, …": numbered, the state in words, one line each.
                var line = "\(index + 1) of \(entries.count): \(entry.title)"
                if !entry.enabled { line += ", greyed out: \(entry.rule?.rawValue ?? ""), \(entry.reason ?? "")" }
                if let outcome = entry.predictedOutcome, entry.enabled { line += ", expected to end \(outcome.rawValue) (R7)" }
                content.row(Text.fit(line, content.innerWidth, ellipsis: state.glyphs.ellipsis), role, cursor: selected ? 0 : nil, target: index)
                continue
            }
            let pointer = selected ? String(state.glyphs.pointer) : " "
            let label = entry.enabled ? " \(entry.title) " : "[\(entry.title)]"
            var line = "\(pointer) \(label)"
            if !entry.enabled { line += "  greyed out (\(entry.rule?.rawValue ?? ""))" }
            if let outcome = entry.predictedOutcome, entry.enabled { line += "  expected to end \(outcome.rawValue) (R7)" }
            let destructive = entry.enabled && entry.action.needsTypedName && !selected
            content.row(line, role, spans: destructive ? [(x: 2, width: label.count, role: .destructive)] : [], cursor: selected ? 0 : nil, target: index)
        }
        content.rule(state)
        if menu.selected < entries.count {
            let entry = entries[menu.selected]
            if entry.enabled {
                if entry.predictedOutcome == .notSupported {
                    content.text("Can be sent, but is expected to end Not supported:", .warning)
                }
                for note in entry.notes {
                    content.text("\(note.rule.rawValue): \(note.text)", note.rule == .r7 ? .warning : .dialog)
                }
                content.text("\(state.keyText(.take, .menu)): \(entry.title)\(entry.action.needsTypedName ? " (asks for the device's name)" : "").", .label)
            } else {
                content.text("\(entry.title) is greyed out (\(entry.rule?.rawValue ?? "")): \(entry.reason ?? "")", .warning)
                if let remedy = entry.remedy { content.text("Remedy: \(remedy)") }
            }
        }
        content.draw(&grid, state, width: boxWidth, title: state.glyphs.text("… More: ") + overview.device.name)
    }
}
