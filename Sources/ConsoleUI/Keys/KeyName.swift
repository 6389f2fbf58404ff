/// Keys by name, both ways: `ctrl-f`, `enter`, `pgdn`, `q` in keys.yaml, and `Ctrl-F`,
/// `Enter`, `PgDn`, `q` on screen.
public enum KeyName {
    static let named: [(String, Key)] = [
        ("enter", .enter), ("return", .enter), ("esc", .escape), ("escape", .escape), ("space", .character(" ")),
        ("tab", .tab), ("shift-tab", .backTab), ("backtab", .backTab), ("backspace", .backspace),
        ("delete", .delete), ("del", .delete), ("up", .up), ("down", .down), ("left", .left), ("right", .right),
        ("pgup", .pageUp), ("page-up", .pageUp), ("pageup", .pageUp), ("pgdn", .pageDown), ("page-down", .pageDown),
        ("pagedown", .pageDown), ("home", .home), ("end", .end),
    ]

    /// Control keys a terminal sends as another key: they cannot be bound apart from it.
    static let controlAliases: [Character: String] = ["m": "enter", "j": "enter", "i": "tab", "h": "backspace", "[": "esc"]

    /// The key a keys.yaml name stands for, or why it is not one the console can read.
    public static func parse(_ name: String) -> Result<Key, KeyNameError> {
        let lowered = name.lowercased()
        if let (_, key) = named.first(where: { $0.0 == lowered }) { return .success(key) }
        for prefix in ["ctrl-", "c-", "ctrl+", "^"] where lowered.hasPrefix(prefix) && lowered.count > prefix.count {
            let rest = lowered.dropFirst(prefix.count)
            guard rest.count == 1, let letter = rest.first else {
                return .failure(KeyNameError("\(SafeYAML.shown(name, "\"", "\"")) is not one key: Ctrl goes with one letter (ctrl-f)"))
            }
            if let alias = controlAliases[letter] {
                return .failure(KeyNameError("\(SafeYAML.shown(name, "\"", "\"")) cannot be told apart from \(alias) on a terminal; bind \(alias) or another letter"))
            }
            guard letter.isASCII, letter.isLetter else {
                return .failure(KeyNameError("\(SafeYAML.shown(name, "\"", "\"")) cannot be typed: terminals send Ctrl with the letters a to z only"))
            }
            return .success(.control(letter))
        }
        if ["alt-", "meta-", "m-", "a-", "shift-", "s-", "cmd-", "super-"].contains(where: { lowered.hasPrefix($0) && lowered.count > $0.count }) {
            return .failure(KeyNameError("\(SafeYAML.shown(name, "\"", "\"")) cannot be bound: Alt and Meta reach the console as Esc then the key, and Shift is the capital letter (write \"M\", not \"shift-m\")"))
        }
        if lowered.count >= 2, lowered.first == "f", Int(lowered.dropFirst()) != nil {
            return .failure(KeyNameError("\(SafeYAML.shown(name, "\"", "\"")): function keys differ from one terminal to the next, so the console does not read them"))
        }
        guard name.count == 1, let character = name.first else {
            return .failure(KeyNameError("\(SafeYAML.shown(name, "\"", "\"")) is not one key (a character such as \"M\", or a name: ctrl-f, enter, esc, space, tab, backspace, up, down, left, right, pgup, pgdn, home, end)"))
        }
        guard !character.isWhitespace, character.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F && !(0x80..<0xA0).contains($0.value) }) else {
            return .failure(KeyNameError("\(SafeYAML.shown(name, "\"", "\"")) cannot be typed as one key (write space, tab or enter by name)"))
        }
        return .success(.character(character))
    }

    /// The name keys.yaml uses for a key (what `parse` reads back).
    public static func fileName(_ key: Key) -> String {
        switch key {
        case .character(" "): return "space"
        case .character(let character): return String(character)
        case .control(let letter): return "ctrl-\(letter)"
        default: return named.first(where: { $0.1 == key })?.0 ?? "?"
        }
    }

    /// The key as the footer and help show it.
    public static func display(_ key: Key, glyphs: Glyphs) -> String {
        switch key {
        case .character(" "): "Space"
        case .character(let character): String(character)
        case .control(let letter): "Ctrl-\(letter.uppercased())"
        case .up: glyphs.up
        case .down: glyphs.down
        case .left: glyphs.text("←")
        case .right: glyphs.text("→")
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .enter: "Enter"
        case .escape: "Esc"
        case .backspace: "Backspace"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .delete: "Del"
        }
    }
}

public struct KeyNameError: Error, Equatable, Sendable {
    public let message: String
    init(_ message: String) { self.message = message }
}
