/// Every key, by view, on one screen.
enum HelpView {
    /// Each line: a section title, or pairs of key and meaning laid out along the line.
    enum Line {
        case section(String)
        case keys([(String, String)])
    }

    static let lines: [Line] = [
        .section("Everywhere"),
        .keys([("?", "this help"), (":", "command: :devices :actions :audit :bulk :theme NAME :help :q")]),
        .keys([("Esc", "back, close, clear the filter"), ("q Ctrl-C", "quit"), ("d a l", "devices, actions, log")]),
        .section("Lists"),
        .keys([("↑↓ j k", "move"), ("PgUp PgDn", "page"), ("Home End g G", "first, last"), ("Enter", "open")]),
        .section("All devices"),
        .keys([("/", "filter as you type: name, user, email, serial, model")]),
        .keys([("s", "next sort order"), ("m", "… More for the selected device, or the marked ones")]),
        .keys([("Space V * u", "mark one, a range (V…V), the whole filter; u unmarks")]),
        .section("Device"),
        .keys([("m", "… More: every action; greyed ones say why"), ("↑↓", "scroll")]),
        .section("… More and confirmations"),
        .keys([("↑↓", "choose"), ("Enter", "take it (a greyed one only says why)"), ("Esc", "close")]),
        .keys([("Wipe, Delete", "type the device's name, then Enter"), ("others", "y or Enter")]),
        .section("Device actions"),
        .keys([("f", "state filter: pending, active, done, failed, notSupported, canceled")]),
        .section("Audit log"),
        .keys([("/", "filter: actor:UPN activity:wipe device:NAME since:DATE until:DATE")]),
        .keys([("", "result:denied from:ADDRESS|LOGIN|HOST|KEY, or plain words (actor, activity, device)")]),
        .keys([("Enter", "the whole entry: actor, where from, target, changed properties, result")]),
    ]

    static func draw(_ grid: inout CellGrid, _ state: AppState) {
        let width = min(80, grid.width)
        let dialog = Dialog.open(&grid, state, width: width, height: min(grid.height - 1, lines.count + 2), title: "Keys")
        var row = dialog.firstRow
        for line in lines where row <= dialog.lastRow {
            switch line {
            case .section(let title):
                grid.write(state.glyphs.text(title), x: dialog.innerX - 1, y: row, role: .dialogTitle)
            case .keys(let pairs):
                var x = dialog.innerX
                for (key, meaning) in pairs {
                    let shown = state.glyphs.text(key)
                    x += grid.write(shown, x: x, y: row, role: .footerKey, maxWidth: dialog.x + dialog.width - 1 - x)
                    x += grid.write(" " + state.glyphs.text(meaning) + "   ", x: x, y: row, role: .dialog, maxWidth: max(0, dialog.x + dialog.width - 1 - x))
                }
            }
            row += 1
        }
    }
}

/// Shown instead of everything else while the terminal is smaller than 80×24.
enum TooSmallView {
    static func draw(_ grid: inout CellGrid, _ state: AppState) {
        let lines = ["Terminal too small: \(state.width)x\(state.height).",
                     "mdmconsole needs at least \(AppState.minimumWidth)x\(AppState.minimumHeight).",
                     "Resize the window, or press q to quit."]
        let top = max(0, grid.height / 2 - 1)
        for (offset, line) in lines.enumerated() {
            grid.write(line, x: max(0, (grid.width - line.count) / 2), y: top + offset, role: offset == 0 ? .warning : .normal)
        }
    }
}
