/// How many terminal columns text takes, with wcwidth's rules applied to each grapheme:
/// combining marks and format characters take none, East Asian wide and fullwidth
/// characters and emoji shown as pictures take two, the rest one. Hand-written because
/// neither the standard library nor the packages on hand carry the East Asian Width
/// property, and glibc's `wcwidth` answers -1 for everything outside ASCII under `LANG=C`.
public enum ColumnWidth {
    /// Columns of one grapheme: 0, 1 or 2.
    public static func of(_ character: Character) -> Int {
        if character.isASCII { return 1 }
        var width = 0
        var emojiBase = false
        for scalar in character.unicodeScalars {
            if scalar.value == 0xFE0F, emojiBase { return 2 }  // emoji presentation selector
            if scalar.properties.isEmoji { emojiBase = true }
            width = max(width, of(scalar))
        }
        return width
    }

    /// Columns of one code point, as wcwidth counts them (controls count 0 here: they are
    /// escaped before anything is laid out).
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x7F { return value < 0x20 ? 0 : 1 }
        if value < 0xA0 { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if value >= 0x1160, value <= 0x11FF { return 0 }  // Hangul medial vowels and final consonants
        if scalar.properties.isEmojiPresentation { return 2 }
        return isWide(value) ? 2 : 1
    }

    /// Printable ASCII only: a column a byte, no grapheme to look at (most of what is drawn).
    public static func isPlainASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// Columns of a whole string.
    public static func of(_ text: String) -> Int {
        if isPlainASCII(text) { return text.utf8.count }
        var total = 0
        for character in text { total += of(character) }
        return total
    }

    /// `text` cut to exactly `width` columns: padded with spaces, or shortened with
    /// `ellipsis` (one column); a wide character that would straddle the edge becomes a space.
    public static func fit(_ text: String, _ width: Int, ellipsis: Character = "…") -> String {
        guard width > 0 else { return "" }
        let total = of(text)
        if total <= width { return text + String(repeating: " ", count: width - total) }
        if isPlainASCII(text) { return String(text.utf8.prefix(width - 1))! + String(ellipsis) }
        var result = ""
        var used = 0
        for character in text {
            let columns = of(character)
            if used + columns > width - 1 { break }
            result.append(character)
            used += columns
        }
        return result + String(repeating: " ", count: width - 1 - used) + String(ellipsis)
    }

    /// `text` cut to at most `width` columns, never padded.
    public static func prefix(_ text: String, _ width: Int) -> String {
        var result = ""
        var used = 0
        for character in text {
            let columns = of(character)
            if used + columns > width { break }
            result.append(character)
            used += columns
        }
        return result
    }

    /// East Asian Wide (W) and Fullwidth (F) ranges of Unicode 15, less the emoji, which
    /// `isEmojiPresentation` answers.
    static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x16FE0...0x16FE4, 0x17000...0x18AFF, 0x1B000...0x1B2FF, 0x1F200...0x1F202,
             0x1F210...0x1F23B, 0x1F240...0x1F248, 0x1F250...0x1F251,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            true
        default:
            false
        }
    }
}
