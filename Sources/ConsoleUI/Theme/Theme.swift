/// A theme: a style for every role. Themes are data files (`Themes/*.yaml`).
public struct Theme: Sendable, Equatable {
    public var name: String
    public var styles: [StyleRole: Style]

    public init(name: String, styles: [StyleRole: Style]) {
        self.name = name
        self.styles = styles
    }

    public func style(_ role: StyleRole) -> Style { styles[role] ?? styles[.normal] ?? Style() }

    /// The same theme with colours removed and attributes kept (NO_COLOR, or a terminal
    /// without colours). Roles that told themselves apart only by colour get an attribute.
    public func withoutColor() -> Theme {
        var plain: [StyleRole: Style] = [:]
        for role in StyleRole.allCases {
            var attributes = style(role).attributes
            switch role {
            case .selected, .greyedSelected, .header, .input: attributes.insert(.reverse)
            case .title, .dialogTitle, .destructive, .columnHeader, .error, .footerKey: attributes.insert(.bold)
            case .greyed: attributes.insert(.dim)
            case .marked: attributes.insert(.bold)
            case .normal, .footer, .label, .dialog, .border, .accent, .warning, .success, .status: break
            }
            plain[role] = Style(attributes: attributes)
        }
        return Theme(name: name + " (no colour)", styles: plain)
    }
}
