/// CSV as spreadsheets read it (RFC 4180): fields with commas, quotes or line breaks quoted.
///
/// A cell a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return: a device name from an import or a mirrored service may be
/// `=HYPERLINK("http://…")`) is written behind an apostrophe, as OWASP's CSV injection advice
/// says, so a spreadsheet shows it as text; cells of digits and number punctuation alone (a
/// phone number `+33 6…`, `-2`) are left as they are, since no formula can hide in them. `raw` keeps cells as they are; the import takes
/// the apostrophe off again, so an export always imports back to the same names.
public enum CSVText {
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    public static func field(_ text: String, raw: Bool = false) -> String {
        let cell = raw ? text : neutralised(text)
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func line(_ fields: [String], raw: Bool = false) -> String {
        fields.map { field($0, raw: raw) }.joined(separator: ",")
    }

    /// What a cell of digits and number punctuation holds (`+33 6 00 00 00 02`, `-2`): a
    /// spreadsheet can only compute a number from it, never a link or a command.
    static let numberCharacters = Set("0123456789 +-.,()/:")

    /// `=1+1` → `'=1+1`; a phone number or a negative number, and anything else, as it is.
    static func neutralised(_ text: String) -> String {
        guard let first = text.unicodeScalars.first.map(Character.init), formulaStarts.contains(first),
              !text.allSatisfy(numberCharacters.contains) else { return text }
        return "'" + text
    }

    /// What an imported cell said before it was neutralised: `'=1+1` → `=1+1`.
    static func restored(_ text: String) -> String {
        guard text.hasPrefix("'"), let second = text.unicodeScalars.dropFirst().first.map(Character.init), formulaStarts.contains(second) else { return text }
        return String(text.dropFirst())
    }
}
