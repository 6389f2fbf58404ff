/// A framed box centred on the screen, for menus and confirmations.
struct Dialog {
    let x: Int, y: Int, width: Int, height: Int

    /// The area inside the frame, one column of padding on each side.
    var innerX: Int { x + 2 }
    var innerWidth: Int { width - 4 }
    var firstRow: Int { y + 1 }
    var lastRow: Int { y + height - 2 }

    /// Clears and frames a box of (at most) the wanted size in the middle of the screen.
    static func open(_ grid: inout CellGrid, _ state: AppState, width wanted: Int, height wantedHeight: Int, title: String,
                     titleRole: StyleRole = .dialogTitle) -> Dialog {
        let width = min(wanted, grid.width - 2)
        let height = min(wantedHeight, grid.height - 2)
        let x = (grid.width - width) / 2
        let y = max(1, (grid.height - height) / 2)
        grid.fill(x: x, y: y, width: width, height: height, role: .dialog)
        grid.box(x: x, y: y, width: width, height: height, glyphs: state.glyphs, role: .border, title: title, titleRole: titleRole)
        return Dialog(x: x, y: y, width: width, height: height)
    }

    /// Writes wrapped text from `row`; returns the next free row.
    @discardableResult
    func paragraph(_ grid: inout CellGrid, _ text: String, row: Int, role: StyleRole = .dialog, indent: Int = 0) -> Int {
        var current = row
        for line in Text.wrap(text, width: innerWidth - indent) where current <= lastRow {
            grid.write(line, x: innerX + indent, y: current, role: role, maxWidth: innerWidth - indent)
            current += 1
        }
        return current
    }
}

/// The lines of a dialog, built before the box is sized so it fits its content.
struct DialogContent {
    struct Line {
        var text: String
        var role: StyleRole
        /// Paint the whole line's width (a menu entry), not just its text.
        var fill: Bool
        var spans: [(x: Int, width: Int, role: StyleRole)] = []
    }

    let innerWidth: Int
    var lines: [Line] = []

    init(dialogWidth: Int) { innerWidth = dialogWidth - 4 }

    mutating func text(_ text: String, _ role: StyleRole = .dialog, indent: Int = 0) {
        for piece in Text.wrap(text, width: innerWidth - indent) {
            lines.append(Line(text: String(repeating: " ", count: indent) + piece, role: role, fill: false))
        }
    }

    mutating func row(_ text: String, _ role: StyleRole, fill: Bool = true, spans: [(x: Int, width: Int, role: StyleRole)] = []) {
        lines.append(Line(text: text, role: role, fill: fill, spans: spans))
    }

    mutating func blank() { lines.append(Line(text: "", role: .dialog, fill: false)) }

    /// Opens a box just tall enough (within the screen) and draws the lines in it.
    func draw(_ grid: inout CellGrid, _ state: AppState, width: Int, title: String, titleRole: StyleRole = .dialogTitle) {
        let dialog = Dialog.open(&grid, state, width: width, height: lines.count + 4, title: title, titleRole: titleRole)
        var row = dialog.firstRow + 1
        for line in lines where row < dialog.lastRow {
            if line.fill { grid.fill(x: dialog.innerX, y: row, width: dialog.innerWidth, height: 1, role: line.role) }
            grid.write(line.text, x: dialog.innerX, y: row, role: line.role, maxWidth: dialog.innerWidth)
            for span in line.spans { grid.paint(x: dialog.innerX + span.x, y: row, width: span.width, role: span.role) }
            row += 1
        }
    }
}
