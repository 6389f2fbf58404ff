import MDMCore

/// The keys of the current view as the footer shows them, read from the keymap (so a
/// remapped key shows as remapped), and where each sits, so a click on one runs it.
public enum FooterKeys {
    public struct Item: Equatable, Sendable {
        public var key: String
        public var label: String
        /// What a click runs; nil for a hint ("type the device's name") or a pair of moves.
        public var command: Command?
        public var context: KeyContext
    }

    public struct Placed: Equatable, Sendable {
        public var x: Int
        public var width: Int
        public var item: Item
    }

    /// The items that fit on one line of the screen's width, left to right.
    public static func layout(_ state: AppState) -> [Placed] {
        var x = 1
        var placed: [Placed] = []
        for item in items(for: state) {
            let width = ColumnWidth.of(item.key) + 1 + ColumnWidth.of(item.label)
            guard x + width < state.width else { break }
            placed.append(Placed(x: x, width: width, item: item))
            x += width + 2
        }
        return placed
    }

    /// The footer item under column `x`, if any.
    public static func item(at x: Int, _ state: AppState) -> Item? {
        layout(state).first { x >= $0.x && x < $0.x + $0.width }?.item
    }

    public static func items(for state: AppState) -> [Item] {
        let context = state.keyContext
        let keymap = state.keymap, glyphs = state.glyphs
        func item(_ command: Command, _ label: String? = nil, in itemContext: KeyContext? = nil, typing: Bool = false) -> Item? {
            let place = itemContext ?? context
            // While typing, a printable key types: only the others run commands.
            let keys = keymap.keys(command, in: place).filter { !typing || !Keymap.types($0) }
            guard let first = keys.first else { return nil }
            var shown = KeyName.display(first, glyphs: glyphs)
            // Sending takes a letter or Enter; both are worth showing ("y/Enter send").
            if command == .send, !typing, let letter = keys.first(where: Keymap.types), let named = keys.first(where: { !Keymap.types($0) }) {
                shown = "\(KeyName.display(letter, glyphs: glyphs))/\(KeyName.display(named, glyphs: glyphs))"
            }
            return Item(key: shown, label: label ?? command.label, command: command, context: place)
        }
        /// Up and down as one item ("↑↓ move", or "k/j move" once remapped off the arrows).
        func moves(_ label: String, in movesContext: KeyContext? = nil) -> Item? {
            let place = movesContext ?? context
            guard let up = keymap.keys(.moveUp, in: place).first, let down = keymap.keys(.moveDown, in: place).first else { return nil }
            let pair = [up, down].map { KeyName.display($0, glyphs: glyphs) }
            let bothGlyphs = pair.allSatisfy { $0.count == 1 }
            return Item(key: bothGlyphs ? pair.joined() : pair.joined(separator: "/"), label: label, command: nil, context: context)
        }
        func hint(_ key: String, _ label: String) -> Item { Item(key: key, label: label, command: nil, context: context) }
        let global: [Item?] = [item(.help, in: .global), item(.quit, in: .global)]
        // An action's inputs in either confirmation: typed, so only the non-printable keys show.
        let form = [hint("type", "the fields"), item(.nextField, "next field", typing: true), item(.send, "send", typing: true),
                    item(.back, "cancel", typing: true)].compactMap { $0 }

        switch state.overlay {
        case .more:
            return [moves("choose"), item(.take), item(.close)].compactMap { $0 }
        case .confirm(let confirmation):
            if state.sending { return [] }
            if !confirmation.form.isEmpty { return form }
            return (confirmation.needsTypedName
                ? [hint("type", "the device's name"), item(.send, "confirm", typing: true), item(.back, "cancel", typing: true)]
                : [item(.send), item(.cancel), item(.back)]).compactMap { $0 }
        case .result, .auditEntry, .help:
            return [item(.close)].compactMap { $0 }
        case .bulkRuns:
            return [item(.open, "newest run"), item(.close)].compactMap { $0 }
        case .approvals(let panel) where panel.deciding != nil:
            return [hint("type", "the note"), item(.accept, "send", typing: true), item(.cancel, "back", typing: true)].compactMap { $0 }
        case .approvals:
            return [moves("choose"), hint("a/r", "approve/reject"), hint("c", "complete"), hint("x", "cancel"), item(.close)].compactMap { $0 }
        case .bulkMenu:
            return [moves("choose"), hint("1-9", "open a group"), item(.take), item(.close)].compactMap { $0 }
        case .bulkConfirm(let confirmation) where !confirmation.form.isEmpty:
            return form
        case .bulkConfirm(let confirmation):
            return (BulkRunner.needsCount(confirmation.preview.action)
                ? [hint("type", "the number"), item(.send, "confirm", typing: true), item(.back, "cancel", typing: true)]
                : [item(.send), item(.cancel), item(.back)]).compactMap { $0 }
        case .bulkRun(let run):
            return (run.summary == nil ? [item(.stop)] : [moves("scroll"), item(.filter), item(.close)]).compactMap { $0 }
        case nil: break
        }
        if context == .input, state.screen == .devices {
            return [hint("type", "to filter"), item(.accept, "keep"), item(.cancel, "clear"), moves("to the list", in: .devices)].compactMap { $0 }
        }
        if context == .input, state.screen == .audit {
            return [hint("type", "actor: activity: device: since: until: result: or words"), item(.accept, "keep"), item(.cancel, "clear")].compactMap { $0 }
        }
        switch state.screen {
        case .devices:
            return ([moves("move"), item(.open), item(.more), item(.filter), item(.actions, in: .global), item(.audit, in: .global)]
                + global + [item(.sort), item(.mark), item(.markRange), item(.markAll), item(.unmark)]).compactMap { $0 }
        case .overview:
            return ([item(.more), moves("scroll"), item(.back, in: .global), item(.actions, in: .global), item(.audit, in: .global)] + global).compactMap { $0 }
        case .actions:
            return ([moves("move"), item(.open, "device"), item(.stateFilter), item(.back, in: .global), item(.audit, in: .global)] + global).compactMap { $0 }
        case .audit:
            return ([moves("move"), item(.open, "entry"), item(.filter), item(.back, in: .global), item(.actions, in: .global)] + global).compactMap { $0 }
        }
    }
}
