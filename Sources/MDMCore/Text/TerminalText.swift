/// Text from the store (device names, users, operators, audit details) on its way to a
/// terminal. A name imported before the doors were checked, or written into the file with
/// sqlite3, may hold ESC, C1 or bidi controls: printed raw, `ESC ]0;…BEL` retitles the
/// window and `ESC [2J` clears the screen of whoever reads the audit log. Every front end
/// shows such characters as a visible escape instead, the same one everywhere:
/// `\u001b`, which is also what JSON would write for it (so `--json` stays exact).
public enum TerminalText {
    /// Characters a terminal acts on instead of showing: C0 and C1 controls, DEL, the
    /// bidi embeddings, overrides and isolates (which reorder what follows, "Trojan Source"),
    /// and the line and paragraph separators (new lines on some terminals).
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x202A...0x202E, 0x2066...0x2069: true
        case 0x2028, 0x2029: true
        default: false
        }
    }

    /// Invisible characters with no use in a name or an identity, which make two different
    /// names look the same: zero width space, word joiner, zero width no-break space (BOM),
    /// Mongolian vowel separator, soft hyphen. Zero width joiner and non-joiner are not
    /// here: emoji sequences and Persian and Indic scripts need them.
    public static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200B, 0x2060, 0xFEFF, 0x180E, 0x00AD: true
        default: false
        }
    }

    /// Whether `text` can be shown as it is.
    public static func isShowable(_ text: String) -> Bool {
        !text.unicodeScalars.contains { isControl($0) || isInvisible($0) }
    }

    /// `text` with every control and invisible character written as `\uXXXX`; `keeping`
    /// names the few a caller lays out itself (a table's own new lines).
    public static func visible(_ text: String, keeping kept: Set<Unicode.Scalar> = []) -> String {
        guard !isShowable(text) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if kept.contains(scalar) || !(isControl(scalar) || isInvisible(scalar)) {
                result.append(scalar)
            } else {
                result.append(contentsOf: escape(scalar).unicodeScalars)
            }
        }
        return String(result)
    }

    /// A whole block of output made by a front end (a table, a CSV export, a message):
    /// controls escaped except the layout it made itself, new lines, tabs and CRLF line ends.
    public static func visibleKeepingLayout(_ text: String) -> String {
        // Exports pass megabytes through here: most text has only layout to keep, and is
        // returned as it is after one pass (rebuilding it scalar by scalar took a third of
        // `devices --json`'s time).
        guard needsEscapes(keepingLayout: text) else { return text }
        return escapedKeepingLayout(text)
    }

    /// Whether `visibleKeepingLayout` would change `text`: a control other than new lines,
    /// tabs and CRLF, or an invisible character. ASCII text is judged byte by byte.
    static func needsEscapes(keepingLayout text: String) -> Bool {
        var afterCR = false
        for byte in text.utf8 {
            if afterCR && byte != UInt8(ascii: "\n") { return true }
            afterCR = false
            switch byte {
            case 0x20..<0x7F, UInt8(ascii: "\n"), UInt8(ascii: "\t"): continue
            case UInt8(ascii: "\r"): afterCR = true
            case 0x80...: return scalarsNeedEscapes(keepingLayout: text)
            default: return true
            }
        }
        return afterCR
    }

    /// The same judgement, scalar by scalar, for text that is not all ASCII.
    static func scalarsNeedEscapes(keepingLayout text: String) -> Bool {
        var afterCR = false
        for scalar in text.unicodeScalars {
            if afterCR && scalar != "\n" { return true }
            afterCR = scalar == "\r"
            if afterCR || scalar == "\n" || scalar == "\t" { continue }
            if isControl(scalar) || isInvisible(scalar) { return true }
        }
        return afterCR
    }

    static func escapedKeepingLayout(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            let layout = scalar == "\n" || scalar == "\t" || (scalar == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n")
            if layout || !(isControl(scalar) || isInvisible(scalar)) {
                result.append(scalar)
            } else {
                result.append(contentsOf: escape(scalar).unicodeScalars)
            }
        }
        return String(result)
    }

    /// The escape shown for one character: `\u001b`.
    public static func escape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// What a person can type to name something shown on screen: its visible form. A
    /// confirmation compares against this, so a device whose name holds ESC can still be
    /// wiped by typing what the screen shows.
    public static func typeable(_ text: String) -> String { visible(text) }
}
