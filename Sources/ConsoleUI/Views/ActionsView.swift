import Foundation
import MDMCore

/// Device actions: every action taken, with its state, filterable by state; the selected
/// one's detail (and R19 explanation, R23 passcode) under the table.
enum ActionsView {
    static let detailRows = 3
    static let columns = [
        TableColumn("Issued", min: 16, max: 16, weight: 0),
        TableColumn("Action", min: 15, max: 22, weight: 1),
        TableColumn("Device", min: 16, max: 44, weight: 3),
        TableColumn("State", min: 12, max: 12, weight: 0),
        TableColumn("Initiated by", min: 12, max: 30, weight: 2),
    ]

    static func draw(_ grid: inout CellGrid, _ state: AppState) {
        let filter = state.actions.filter.map { "state = \($0.rawValue)" } ?? "all states"
        grid.write(" Showing \(filter) (\(state.keyText(.stateFilter, .actions)) to change)", x: 0, y: 1, role: .label)
        guard let page = state.actions.page else {
            grid.write(state.glyphs.text(" Loading…"), x: 0, y: 3, role: .label)
            return
        }
        let count = "\(page.records.count) action\(page.records.count == 1 ? "" : "s") "
        grid.write(count, x: grid.width - count.count, y: 1, role: .label)
        let widths = TableLayout.widths(columns, total: grid.width - 2)
        TableLayout.drawRow(&grid, TableLayout.titles(columns, widths), widths: widths, x: 2, y: 2, role: .columnHeader, ellipsis: state.glyphs.ellipsis)
        grid.paint(x: 0, y: 2, width: grid.width, role: .columnHeader)
        if page.records.isEmpty {
            grid.write(" No action \(state.actions.filter.map { "is \($0.rawValue)" } ?? "has been taken yet").", x: 0, y: 4, role: .label)
            return
        }
        let rows = state.listRows - detailRows
        let top = min(state.actions.position.top, max(0, state.actions.position.selection - rows + 1))
        let firstShown = max(top, state.actions.position.selection - rows + 1)
        for row in 0..<rows {
            let index = firstShown + row
            guard index < page.records.count else { break }
            let record = page.records[index]
            // In --plain the terminal's cursor marks the selection: no highlight to repaint per move.
            let isSelection = index == state.actions.position.selection
            let selected = isSelection && !state.plain
            let y = 3 + row
            grid.targets[y] = index
            if isSelection { grid.cursor = CursorPlace(x: 0, y: y) }
            if selected {
                grid.fill(x: 0, y: y, width: grid.width, height: 1, role: .selected)
                grid.write(String(state.glyphs.pointer), x: 0, y: y, role: .selected)
            }
            let cells = [DateText.short(record.issuedAt), record.action.title(on: record.platform), record.deviceName,
                         record.state.rawValue, record.initiatedBy]
            TableLayout.drawRow(&grid, cells, widths: widths, x: 2, y: y, role: selected ? .selected : .normal, ellipsis: state.glyphs.ellipsis)
            if !selected {
                grid.paint(x: 2 + widths[0...2].reduce(0, +) + 3, y: y, width: widths[3], role: StateRole.of(record.state))
            }
        }
        // The selected action's detail.
        let record = page.records[state.actions.position.selection]
        var text = record.detail
        if let why = page.explanations[record.id] { text = why + " (R19)" }
        if let code = record.visibleTemporaryPasscode(at: page.now) { text += " Temporary passcode: \(code) (R23)." }
        let y0 = 3 + rows
        grid.write(String(repeating: state.glyphs.horizontal, count: grid.width), x: 0, y: y0, role: .border)
        for (offset, line) in Text.wrap(text, width: grid.width - 2).prefix(detailRows - 1).enumerated() {
            grid.write(line, x: 1, y: y0 + 1 + offset, role: page.explanations[record.id] != nil ? .warning : .label)
        }
    }
}
