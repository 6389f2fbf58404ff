/// The shipped themes, compiled in so an installed binary has them wherever it is copied
/// (no folder to find beside it). `Themes/*.yaml` are the same files for people to read
/// and copy; a test keeps the two identical.
public enum BuiltinThemes {
    /// Name and YAML text, in the order `:theme` lists them.
    public static let all: [(name: String, yaml: String)] = [
        ("dark", """
            # The default: light text on the terminal's own (dark) background, 8 colours.
            name: dark
            roles:
              normal:         { fg: default, bg: default }
              header:         { fg: black, bg: cyan, attrs: [bold] }
              footer:         { fg: default, bg: default }
              footerKey:      { fg: cyan, bg: default, attrs: [bold] }
              title:          { fg: white, bg: default, attrs: [bold] }
              label:          { fg: cyan, bg: default }
              selected:       { fg: black, bg: cyan }
              greyed:         { fg: white, bg: default, attrs: [dim] }
              greyedSelected: { fg: black, bg: white, attrs: [dim] }
              destructive:    { fg: red, bg: default, attrs: [bold] }
              dialog:         { fg: white, bg: default }
              dialogTitle:    { fg: yellow, bg: default, attrs: [bold] }
              border:         { fg: cyan, bg: default }
              accent:         { fg: yellow, bg: default, attrs: [bold] }
              warning:        { fg: yellow, bg: default }
              success:        { fg: green, bg: default }
              error:          { fg: red, bg: default, attrs: [bold] }
              input:          { fg: black, bg: white }
              columnHeader:   { fg: cyan, bg: default, attrs: [bold, underline] }
              status:         { fg: default, bg: default }
              marked:         { fg: yellow, bg: default, attrs: [bold] }
            """),
        ("light", """
            # For terminals with a light background.
            name: light
            roles:
              normal:         { fg: black, bg: default }
              header:         { fg: white, bg: blue, attrs: [bold] }
              footer:         { fg: black, bg: default }
              footerKey:      { fg: blue, bg: default, attrs: [bold] }
              title:          { fg: black, bg: default, attrs: [bold] }
              label:          { fg: blue, bg: default }
              selected:       { fg: white, bg: blue }
              greyed:         { fg: black, bg: default, attrs: [dim] }
              greyedSelected: { fg: white, bg: black, attrs: [dim] }
              destructive:    { fg: red, bg: default, attrs: [bold] }
              dialog:         { fg: black, bg: default }
              dialogTitle:    { fg: blue, bg: default, attrs: [bold] }
              border:         { fg: blue, bg: default }
              accent:         { fg: magenta, bg: default, attrs: [bold] }
              warning:        { fg: red, bg: default }
              success:        { fg: green, bg: default }
              error:          { fg: red, bg: default, attrs: [bold] }
              input:          { fg: white, bg: black }
              columnHeader:   { fg: blue, bg: default, attrs: [bold, underline] }
              status:         { fg: black, bg: default }
              marked:         { fg: magenta, bg: default, attrs: [bold] }
            """),
        ("high-contrast", """
            # Maximum contrast: white and yellow on black, bold where it helps.
            name: high-contrast
            roles:
              normal:         { fg: white, bg: black }
              header:         { fg: black, bg: yellow, attrs: [bold] }
              footer:         { fg: white, bg: black }
              footerKey:      { fg: yellow, bg: black, attrs: [bold] }
              title:          { fg: yellow, bg: black, attrs: [bold] }
              label:          { fg: white, bg: black, attrs: [bold] }
              selected:       { fg: black, bg: yellow, attrs: [bold] }
              greyed:         { fg: white, bg: black, attrs: [dim] }
              greyedSelected: { fg: black, bg: white }
              destructive:    { fg: red, bg: black, attrs: [bold, underline] }
              dialog:         { fg: white, bg: black }
              dialogTitle:    { fg: yellow, bg: black, attrs: [bold] }
              border:         { fg: yellow, bg: black, attrs: [bold] }
              accent:         { fg: cyan, bg: black, attrs: [bold] }
              warning:        { fg: yellow, bg: black, attrs: [bold] }
              success:        { fg: green, bg: black, attrs: [bold] }
              error:          { fg: red, bg: black, attrs: [bold] }
              input:          { fg: black, bg: white, attrs: [bold] }
              columnHeader:   { fg: yellow, bg: black, attrs: [bold, underline] }
              status:         { fg: white, bg: black, attrs: [bold] }
              marked:         { fg: yellow, bg: black, attrs: [bold, underline] }
            """),
        ("monochrome", """
            # No colour at all: attributes only. Greyed entries are also [bracketed] on screen, so they
            # read even where dim is not supported.
            name: monochrome
            roles:
              normal:         {}
              header:         { attrs: [reverse, bold] }
              footer:         {}
              footerKey:      { attrs: [bold] }
              title:          { attrs: [bold] }
              label:          {}
              selected:       { attrs: [reverse] }
              greyed:         { attrs: [dim] }
              greyedSelected: { attrs: [reverse, dim] }
              destructive:    { attrs: [bold, underline] }
              dialog:         {}
              dialogTitle:    { attrs: [bold] }
              border:         {}
              accent:         { attrs: [bold] }
              warning:        { attrs: [bold] }
              success:        {}
              error:          { attrs: [bold, underline] }
              input:          { attrs: [reverse] }
              columnHeader:   { attrs: [bold, underline] }
              status:         {}
              marked:         { attrs: [bold, underline] }
            """),
    ]

    public static func yaml(named name: String) -> String? { all.first { $0.name == name }?.yaml }
}
