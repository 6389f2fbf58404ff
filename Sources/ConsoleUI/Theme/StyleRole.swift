/// What a piece of the screen *means*; a theme decides how it looks. Views ask for a
/// role, never for a colour.
public enum StyleRole: String, CaseIterable, Sendable, Hashable {
    case normal, header, footer, footerKey, title, label, selected, greyed, greyedSelected,
         destructive, dialog, dialogTitle, border, accent, warning, success, error, input, columnHeader, status,
         /// A device marked for a bulk action (with a mark column, so it reads in monochrome too).
         marked
}

/// A terminal colour: the 8 every terminal has, or the terminal's own default.
public enum TerminalColor: String, CaseIterable, Sendable, Hashable {
    case `default`, black, red, green, yellow, blue, magenta, cyan, white

}

/// Text attributes that survive without colour.
public struct TextAttributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = TextAttributes(rawValue: 1)
    public static let dim = TextAttributes(rawValue: 2)
    public static let reverse = TextAttributes(rawValue: 4)
    public static let underline = TextAttributes(rawValue: 8)

    static let names: [(String, TextAttributes)] = [("bold", .bold), ("dim", .dim), ("reverse", .reverse), ("underline", .underline)]
}

/// How one role looks.
public struct Style: Sendable, Hashable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var attributes: TextAttributes

    public init(foreground: TerminalColor = .default, background: TerminalColor = .default, attributes: TextAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}
