/// Every key binding of the console, in one table: the update asks it what a key means in
/// the current context, and the footer and `?` help read their keys from it, so the three
/// cannot disagree. keys.yaml and the presets in `Keymaps/` change it (`KeymapFile`).
/// This file is the only place in ConsoleUI where a key is written out (a test checks).
public struct Keymap: Equatable, Sendable {
    /// Per context, per command, its keys in the order the help lists them.
    public private(set) var bindings: [KeyContext: [Command: [Key]]] = [:]

    /// The console's own keys.
    public static let standard: Keymap = {
        var keymap = Keymap()
        for (context, command, keys) in defaults { keymap.bindings[context, default: [:]][command] = keys }
        return keymap
    }()

    static let navigation: [(Command, [Key])] = [
        (.moveUp, [.up, .character("k")]), (.moveDown, [.down, .character("j")]),
        (.movePageUp, [.pageUp]), (.movePageDown, [.pageDown]),
        (.first, [.home, .character("g")]), (.last, [.end, .character("G")]), (.open, [.enter, .right]),
    ]

    static let defaults: [(KeyContext, Command, [Key])] = {
        var table: [(KeyContext, Command, [Key])] = [
            (.global, .quit, [.character("q")]), (.global, .help, [.character("?")]), (.global, .command, [.character(":")]),
            (.global, .back, [.escape]), (.global, .devices, [.character("d")]), (.global, .actions, [.character("a")]),
            (.global, .audit, [.character("l")]), (.global, .interrupt, [interruptKey]),

            (.devices, .filter, [.character("/")]), (.devices, .sort, [.character("s")]), (.devices, .more, [.character("m")]),
            (.devices, .mark, [.character(" ")]), (.devices, .markRange, [.character("V")]), (.devices, .markAll, [.character("*")]),
            (.devices, .unmark, [.character("u")]),
            (.actions, .stateFilter, [.character("f")]),
            (.audit, .filter, [.character("/")]),

            (.overview, .moveUp, [.up, .character("k")]), (.overview, .moveDown, [.down, .character("j")]),
            (.overview, .movePageUp, [.pageUp]), (.overview, .movePageDown, [.pageDown, .character(" ")]),
            (.overview, .first, [.home, .character("g")]), (.overview, .more, [.character("m")]), (.overview, .back, [.left]),

            (.menu, .moveUp, [.up, .character("k")]), (.menu, .moveDown, [.down, .character("j")]), (.menu, .first, [.home]),
            (.menu, .last, [.end]), (.menu, .take, [.enter, .right]),
            (.menu, .close, [.escape, .character("q"), .character("m"), .left]),

            (.confirm, .send, [.character("y"), .enter, .character("Y")]), (.confirm, .cancel, [.character("n"), .character("N")]),
            (.confirm, .back, [.escape]), (.confirm, .erase, [.backspace]),
            (.confirm, .keepEnrollmentData, [.control("e")]), (.confirm, .keepUserData, [.control("u")]),
            (.confirm, .keepEsim, [.control("s")]),
            (.confirm, .nextField, [.tab]), (.confirm, .previousField, [.backTab]),

            (.results, .moveUp, [.up, .character("k")]), (.results, .moveDown, [.down, .character("j")]),
            (.results, .movePageUp, [.pageUp]), (.results, .movePageDown, [.pageDown]),
            (.results, .open, [.enter]), (.results, .filter, [.character("f")]),
            (.results, .close, [.escape, .character("q"), .character("?"), .character(" ")]),

            (.running, .stop, [.escape]),

            (.input, .accept, [.enter]), (.input, .cancel, [.escape]), (.input, .erase, [.backspace]),
        ]
        // The three lists share one navigation set; Space pages the two that do not mark.
        for context in KeyContext.lists {
            for (command, keys) in navigation {
                let paging = command == .movePageDown && context != .devices ? keys + [.character(" ")] : keys
                table.append((context, command, paging))
            }
        }
        return table
    }()

    /// Keys that move by their nature, whatever they are bound to.
    static let movingKeys: Set<Key> = [.up, .down, .pageUp, .pageDown, .home, .end, .left, .right]

    /// Ctrl-C: bound in `global` whatever keys.yaml says.
    static let interruptKey: Key = .control("c")

    /// What `key` means in `context`: the context's own binding, else (on a view) the global one.
    public func command(for key: Key, in context: KeyContext) -> Command? {
        if let command = bindings[context]?.first(where: { $0.value.contains(key) })?.key { return command }
        guard context.fallsBackToGlobal else { return nil }
        return bindings[.global]?.first(where: { $0.value.contains(key) })?.key
    }

    /// The keys bound to `command` in `context` (its own, else the global ones).
    public func keys(_ command: Command, in context: KeyContext) -> [Key] {
        if let keys = bindings[context]?[command] { return keys }
        return context.fallsBackToGlobal ? bindings[.global]?[command] ?? [] : []
    }

    /// The first key of `command`, as the footer shows it; nil when it is unbound.
    public func label(_ command: Command, in context: KeyContext, glyphs: Glyphs) -> String? {
        keys(command, in: context).first.map { KeyName.display($0, glyphs: glyphs) }
    }

    /// Every key of `command`, as the help lists them ("↑ k").
    public func allLabels(_ command: Command, in context: KeyContext, glyphs: Glyphs) -> String? {
        let keys = keys(command, in: context)
        return keys.isEmpty ? nil : keys.map { KeyName.display($0, glyphs: glyphs) }.joined(separator: " ")
    }

    /// Binds `command` to exactly `keys` in `context` (none: unbound).
    mutating func bind(_ command: Command, _ keys: [Key], in context: KeyContext) {
        bindings[context, default: [:]][command] = keys
    }

    /// Whether `key` is one that types text (a printable character): such a key reaches a
    /// text field as text, never as a command.
    static func types(_ key: Key) -> Bool {
        if case .character = key { return true }
        return false
    }

    /// A digit typed in a menu or a count.
    static func digit(_ key: Key) -> Int? {
        if case .character(let character) = key, character.isASCII, let value = character.wholeNumberValue { return value }
        return nil
    }

    /// The text a key types, if it types any.
    static func typed(_ key: Key) -> Character? {
        if case .character(let character) = key { return character }
        return nil
    }
}

extension AppState {
    /// The key(s) of `command` for a sentence on screen: "Enter", "y or Enter"; the command's
    /// name when it is unbound, so the sentence still says what to look for in the help.
    func keyText(_ command: Command, _ context: KeyContext, count: Int = 1) -> String {
        let keys = keymap.keys(command, in: context).prefix(count).map { KeyName.display($0, glyphs: glyphs) }
        return keys.isEmpty ? "(\(command.rawValue): unbound)" : keys.joined(separator: " or ")
    }
}
