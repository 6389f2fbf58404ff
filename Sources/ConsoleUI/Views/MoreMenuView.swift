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
        // The highlighted entry's reason or notes first: the entries get the rows left, a
        // window that follows the highlight (sixteen actions do not fit 24 rows with them).
        var details = DialogContent(dialogWidth: boxWidth, state)
        if menu.selected < entries.count { describe(entries[menu.selected], into: &details, state) }
        let rows = (state.plain ? grid.height - 4 : grid.height - 6) - details.lines.count - 1
        let window = MenuWindow(count: entries.count, selected: menu.selected, rows: max(3, rows))
        if window.hiddenAbove > 0 { content.text(state.glyphs.text("↑ \(window.hiddenAbove) more"), .label) }
        for index in window.range {
            let entry = entries[index]
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
        if window.hiddenBelow > 0 { content.text(state.glyphs.text("↓ \(window.hiddenBelow) more"), .label) }
        content.rule(state)
        content.lines += details.lines
        content.draw(&grid, state, width: boxWidth, title: state.glyphs.text("… More: ") + overview.device.name)
    }

    /// The highlighted entry: what to know before taking it, or why it is greyed and the remedy.
    static func describe(_ entry: ActionAvailability, into content: inout DialogContent, _ state: AppState) {
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
}

/// Which entries of a long menu are on screen: `rows` lines (the "↑ n more" and "↓ n more"
/// markers included), keeping the highlighted entry in view.
struct MenuWindow: Equatable {
    let range: Range<Int>
    let hiddenAbove: Int
    let hiddenBelow: Int

    init(count: Int, selected: Int, rows: Int) {
        guard count > rows else {
            range = 0..<count
            hiddenAbove = 0
            hiddenBelow = 0
            return
        }
        // Two rows go to the markers; the highlight sits in the window's middle where it can.
        let shown = max(1, rows - 2)
        let start = min(max(0, selected - shown / 2), count - shown)
        range = start..<(start + shown)
        hiddenAbove = start
        hiddenBelow = count - start - shown
    }
}
