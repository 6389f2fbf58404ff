/// A framed box centred on the screen, for menus and confirmations; for a screen reader
/// (`--plain`), the whole space between the header and the status line, unframed, its title
/// on the first line, so each line reads alone and nothing of the view below shows through.
struct Dialog {
    let x: Int, y: Int, width: Int, height: Int
    let plain: Bool

    /// The area inside the frame, one column of padding on each side.
    var innerX: Int { plain ? 1 : x + 2 }
    var innerWidth: Int { plain ? width - 2 : width - 4 }
    var innerRight: Int { innerX + innerWidth }
    /// Where a section title starts (in the frame's padding).
    var titleX: Int { plain ? 0 : x + 1 }
    var firstRow: Int { y + 1 }
    var lastRow: Int { plain ? y + height - 1 : y + height - 2 }
    /// The first row of content that follows a blank under the title (none in plain).
    var contentTop: Int { plain ? firstRow : firstRow + 1 }
    /// The last row content may use (a framed box keeps a blank above its bottom edge).
    var contentBottom: Int { plain ? lastRow : lastRow - 1 }

    /// Clears and frames a box of (at most) the wanted size in the middle of the screen.
    static func open(_ grid: inout CellGrid, _ state: AppState, width wanted: Int, height wantedHeight: Int, title: String,
                     titleRole: StyleRole = .dialogTitle) -> Dialog {
        grid.targets = [:]  // what is under a dialog cannot be clicked
        if state.plain {
            let dialog = Dialog(x: 0, y: 1, width: grid.width, height: max(2, grid.height - 3), plain: true)
            grid.fill(x: 0, y: dialog.y, width: grid.width, height: dialog.height, role: .dialog)
            grid.write(fitted: state.glyphs.text(title), x: 0, y: dialog.y, width: grid.width, role: titleRole, ellipsis: state.glyphs.ellipsis)
            grid.cursor = CursorPlace(x: 0, y: dialog.y)
            return dialog
        }
        let width = min(wanted, grid.width - 2)
        let height = min(wantedHeight, grid.height - 2)
        let x = (grid.width - width) / 2
        let y = max(1, (grid.height - height) / 2)
        grid.fill(x: x, y: y, width: width, height: height, role: .dialog)
        grid.box(x: x, y: y, width: width, height: height, glyphs: state.glyphs, role: .border, title: title, titleRole: titleRole)
        grid.cursor = CursorPlace(x: x + 2, y: y)
        return Dialog(x: x, y: y, width: width, height: height, plain: false)
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
        /// The terminal's cursor goes here (column within the line): the highlighted entry, the field.
        var cursor: Int?
        /// The menu entry this line is, for a click.
        var target: Int?
    }

    let innerWidth: Int
    var lines: [Line] = []

    init(dialogWidth: Int, plain: Bool = false, screenWidth: Int = 0) {
        innerWidth = plain ? screenWidth - 2 : dialogWidth - 4
    }

    init(dialogWidth: Int, _ state: AppState) {
        self.init(dialogWidth: dialogWidth, plain: state.plain, screenWidth: state.width)
    }

    mutating func text(_ text: String, _ role: StyleRole = .dialog, indent: Int = 0) {
        for piece in Text.wrap(text, width: innerWidth - indent) {
            lines.append(Line(text: String(repeating: " ", count: indent) + piece, role: role, fill: false))
        }
    }

    mutating func row(_ text: String, _ role: StyleRole, fill: Bool = true, spans: [(x: Int, width: Int, role: StyleRole)] = [], cursor: Int? = nil,
                      target: Int? = nil) {
        lines.append(Line(text: text, role: role, fill: fill, spans: spans, cursor: cursor, target: target))
    }

    mutating func blank() { lines.append(Line(text: "", role: .dialog, fill: false)) }

    /// A rule between a menu and the text about its entry; a blank line for a screen reader.
    mutating func rule(_ state: AppState) {
        if state.plain { blank() } else { row(String(repeating: state.glyphs.horizontal, count: innerWidth), .border, fill: false) }
    }

    /// Opens a box just tall enough (within the screen) and draws the lines in it.
    func draw(_ grid: inout CellGrid, _ state: AppState, width: Int, title: String, titleRole: StyleRole = .dialogTitle) {
        let dialog = Dialog.open(&grid, state, width: width, height: lines.count + 4, title: title, titleRole: titleRole)
        var row = dialog.contentTop
        for line in lines where row <= dialog.contentBottom {
            if line.fill { grid.fill(x: dialog.innerX, y: row, width: dialog.innerWidth, height: 1, role: line.role) }
            grid.write(line.text, x: dialog.innerX, y: row, role: line.role, maxWidth: dialog.innerWidth)
            for span in line.spans { grid.paint(x: dialog.innerX + span.x, y: row, width: span.width, role: span.role) }
            if let column = line.cursor { grid.cursor = CursorPlace(x: dialog.innerX + min(column, dialog.innerWidth - 1), y: row) }
            if let target = line.target { grid.targets[row] = target }
            row += 1
        }
    }
}
