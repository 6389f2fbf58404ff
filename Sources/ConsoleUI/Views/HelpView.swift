/// Every key, by view, on one screen, read from the keymap: what the help says is what the
/// keys do, remapped or not.
enum HelpView {
    /// Each line: a section title, or pairs of key and meaning laid out along the line.
    enum Line: Equatable {
        case section(String)
        case keys([Pair])
    }

    struct Pair: Equatable {
        var key: String
        var meaning: String
    }

    static func lines(_ state: AppState) -> [Line] {
        let keymap = state.keymap, glyphs = state.glyphs
        /// Every key of each command, space separated ("Home g"); nil when none is bound.
        func keys(_ commands: [Command], in context: KeyContext) -> String? {
            let labels = commands.compactMap { keymap.allLabels($0, in: context, glyphs: glyphs) }
            return labels.isEmpty ? nil : labels.joined(separator: " ")
        }
        func pair(_ commands: [Command], _ context: KeyContext, _ meaning: String) -> Pair? {
            if commands == [.moveUp, .moveDown] { return upDown(context).map { Pair(key: $0, meaning: meaning) } }
            return keys(commands, in: context).map { Pair(key: $0, meaning: meaning) }
        }
        /// Up and down together: "↑↓ k/j", the arrows as a pair and each other key beside its twin.
        func upDown(_ context: KeyContext) -> String? {
            let up = keymap.keys(.moveUp, in: context).map { KeyName.display($0, glyphs: glyphs) }
            let down = keymap.keys(.moveDown, in: context).map { KeyName.display($0, glyphs: glyphs) }
            guard !up.isEmpty || !down.isEmpty else { return nil }
            var parts: [String] = []
            for index in 0..<max(up.count, down.count) {
                let one = index < up.count ? up[index] : "", other = index < down.count ? down[index] : ""
                let glued = one.count == 1 && other.count == 1 && !one.first!.isLetter
                parts.append(glued ? one + other : [one, other].filter { !$0.isEmpty }.joined(separator: "/"))
            }
            return parts.joined(separator: " ")
        }
        func line(_ pairs: Pair?...) -> Line? {
            let kept = pairs.compactMap { $0 }
            return kept.isEmpty ? nil : .keys(kept)
        }
        let typing = keymap.keys(.send, in: .confirm).filter { !Keymap.types($0) }.map { KeyName.display($0, glyphs: glyphs) }.first ?? "Enter"
        let all: [Line?] = [
            .section("Everywhere"),
            line(pair([.help], .global, "this help"), pair([.command], .global, "command: :devices :actions :audit :bulk :theme NAME :help :q")),
            line(pair([.back], .global, "back, close, clear the filter"), pair([.quit, .interrupt], .global, "quit"),
                 pair([.devices, .actions, .audit], .global, "devices, actions, log")),
            .section("Lists"),
            line(pair([.moveUp, .moveDown], .devices, "move"), pair([.movePageUp, .movePageDown], .devices, "page"),
                 pair([.first, .last], .devices, "first, last"), pair([.open], .devices, "open")),
            .section("All devices"),
            line(pair([.filter], .devices, "filter as you type: name, user, email, serial, model")),
            line(pair([.sort], .devices, "next sort order"), pair([.more], .devices, "… More for the selected device, or the marked ones")),
            line(pair([.mark, .markRange, .markAll, .unmark], .devices, "mark one, a range (twice), the whole filter; unmark all")),
            .section("Device"),
            line(pair([.more], .overview, "… More: every action; greyed ones say why"), pair([.moveUp, .moveDown], .overview, "scroll")),
            .section("… More and confirmations"),
            line(pair([.moveUp, .moveDown], .menu, "choose"), pair([.take], .menu, "take it (a greyed one only says why)"), pair([.close], .menu, "close")),
            .keys([Pair(key: "a-z", meaning: "next action so named"), Pair(key: "Wipe, Delete", meaning: "type the name, then \(typing)")]
                  + [pair([.send], .confirm, "others")].compactMap { $0 }),
            .section("Device actions"),
            line(pair([.stateFilter], .actions, "state filter: pending, active, done, failed, notSupported, canceled")),
            .section("Audit log"),
            line(pair([.filter], .audit, "filter: actor:UPN activity:wipe device:NAME since:DATE until:DATE")),
            .keys([Pair(key: "", meaning: "result:denied from:ADDRESS|LOGIN|HOST|KEY, or plain words (actor, activity, device)")]),
            line(pair([.open], .audit, "the whole entry: actor, where from, target, changed properties, result")),
        ]
        return all.compactMap { $0 }
    }

    static func draw(_ grid: inout CellGrid, _ state: AppState) {
        let lines = lines(state)
        let width = min(80, grid.width)
        let dialog = Dialog.open(&grid, state, width: width, height: min(grid.height - 1, lines.count + 2), title: "Keys")
        var row = dialog.firstRow
        for line in lines where row <= dialog.lastRow {
            switch line {
            case .section(let title):
                grid.write(state.glyphs.text(title), x: dialog.titleX, y: row, role: .dialogTitle)
            case .keys(let pairs):
                var x = dialog.innerX
                for pair in pairs {
                    let shown = state.glyphs.text(pair.key)
                    x += grid.write(shown, x: x, y: row, role: .footerKey, maxWidth: dialog.innerRight - x)
                    x += grid.write(" " + state.glyphs.text(pair.meaning) + "   ", x: x, y: row, role: .dialog, maxWidth: max(0, dialog.innerRight - x))
                }
            }
            row += 1
        }
    }
}

/// Shown instead of everything else while the terminal is smaller than 80×24.
enum TooSmallView {
    static func draw(_ grid: inout CellGrid, _ state: AppState) {
        let quit = state.keymap.label(.quit, in: .global, glyphs: state.glyphs) ?? "Ctrl-C"
        let lines = ["Terminal too small: \(state.width)x\(state.height).",
                     "mdmconsole needs at least \(AppState.minimumWidth)x\(AppState.minimumHeight).",
                     "Resize the window, or press \(quit) to quit."]
        let top = max(0, grid.height / 2 - 1)
        for (offset, line) in lines.enumerated() {
            grid.write(line, x: max(0, (grid.width - line.count) / 2), y: top + offset, role: offset == 0 ? .warning : .normal)
        }
    }
}
