/// The checks every door applies to text that will be stored and shown later (import,
/// `--as`, role grants): refused there, with the field named, rather than escaped forever
/// after. Each answer is a sentence fragment such as `contains ESC (U+001B) at character 5`.
public enum InputText {
    /// Why `text` cannot be a stored name or value, or nil when it can. Controls, bidi
    /// overrides and the invisible characters of `TerminalText.isInvisible` are refused.
    /// `allowingLineBreaks`: free text kept as it was (a CSV's Category or Notes column may
    /// span lines), never laid out on one line and shown escaped.
    public static func problem(in text: String, allowingLineBreaks: Bool = false) -> String? {
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            if allowingLineBreaks, scalar == "\n" || scalar == "\r" || scalar == "\t" { continue }
            if TerminalText.isControl(scalar) {
                return "contains \(describe(scalar)) at character \(offset + 1): control characters and bidi overrides are not allowed"
            }
            if TerminalText.isInvisible(scalar) {
                return "contains the invisible \(describe(scalar)) at character \(offset + 1): it would make two different names look the same"
            }
        }
        return nil
    }

    /// Why `text` cannot be an operator's identity (a user principal name or a login name),
    /// or nil when it can. Besides `problem(in:)`: not empty, at most 256 characters, no white
    /// space at all ("root " and "root" would look alike in the audit log), and no zero width
    /// joiners either.
    public static func identityProblem(in text: String) -> String? {
        if text.isEmpty { return "is empty" }
        if let problem = problem(in: text) { return problem }
        if text.unicodeScalars.count > 256 { return "is longer than 256 characters" }
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            if scalar.properties.isWhitespace {
                return "contains white space at character \(offset + 1): an operator is a user principal name or login name, with no spaces"
            }
            if scalar.properties.generalCategory == .format {
                return "contains the invisible \(describe(scalar)) at character \(offset + 1): it would make two identities look the same"
            }
        }
        return nil
    }

    /// `ESC (U+001B)`, `U+202E RIGHT-TO-LEFT OVERRIDE`: a character named so that the message
    /// itself stays printable.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        let code = "U+" + String(repeating: "0", count: max(0, 4 - String(scalar.value, radix: 16).count))
            + String(scalar.value, radix: 16, uppercase: true)
        if let short = shortNames[scalar.value] { return "\(short) (\(code))" }
        if let name = scalar.properties.name { return "\(code) \(name)" }
        return code
    }

    static let shortNames: [UInt32: String] = [0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x09: "a tab", 0x0A: "a new line", 0x0D: "CR",
                                               0x1B: "ESC", 0x7F: "DEL", 0x9B: "CSI", 0x9D: "OSC"]
}
