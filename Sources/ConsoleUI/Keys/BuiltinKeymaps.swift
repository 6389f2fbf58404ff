/// The shipped key presets, compiled in like the themes; `Keymaps/*.yaml` are the same files
/// for people to read and copy (a test keeps the two identical).
public enum BuiltinKeymaps {
    public static var names: [String] { all.map(\.name) }

    public static func yaml(named name: String) -> String? { all.first { $0.name == name }?.yaml }

    public static let all: [(name: String, yaml: String)] = [
        ("vim", """
            # vim-style keys for mdmconsole: h goes back and l opens, Ctrl-F and Ctrl-B page, j k g G
            # as always. The views move to capitals (D, A, L) so that l can open.
            # Use it with `mdmconsole --keys vim`, `keys: vim` in config.yaml, or `preset: vim` at the
            # top of your own keys.yaml (then change what you like below it).
            global:
              back: [esc, h]
              devices: D
              actions: A
              audit: L
            lists:
              up: [up, k]
              down: [down, j]
              page-up: [pgup, ctrl-b]
              page-down: [pgdn, ctrl-f]
              first: [home, g]
              last: [end, G]
              open: [enter, right, l]
            overview:
              page-up: [pgup, ctrl-b]
              page-down: [pgdn, ctrl-f, space]
            menu:
              take: [enter, right, l]
              close: [esc, q, m, left, h]
            results:
              page-up: [pgup, ctrl-b]
              page-down: [pgdn, ctrl-f]
            """),
        ("emacs", """
            # emacs-style keys for mdmconsole: Ctrl-P and Ctrl-N move, Ctrl-V pages down, Ctrl-A and
            # Ctrl-E go to the first and last row, Ctrl-S filters, Ctrl-G cancels. (Alt-V cannot page
            # up: a terminal sends Alt as Esc, which goes back; PgUp does.)
            # Use it with `mdmconsole --keys emacs`, `keys: emacs` in config.yaml, or `preset: emacs`
            # at the top of your own keys.yaml.
            global:
              back: [esc, ctrl-g]
            lists:
              up: [up, ctrl-p]
              down: [down, ctrl-n]
              page-down: [pgdn, ctrl-v]
              first: [home, ctrl-a]
              last: [end, ctrl-e]
            devices:
              filter: [/, ctrl-s]
            audit:
              filter: [/, ctrl-s]
              page-down: [pgdn, ctrl-v, space]
            actions:
              page-down: [pgdn, ctrl-v, space]
            overview:
              up: [up, ctrl-p]
              down: [down, ctrl-n]
              page-down: [pgdn, ctrl-v, space]
              first: [home, ctrl-a]
            menu:
              up: [up, ctrl-p]
              down: [down, ctrl-n]
              first: [home, ctrl-a]
              last: [end, ctrl-e]
              close: [esc, q, m, left, ctrl-g]
            confirm:
              back: [esc, ctrl-g]
            results:
              up: [up, ctrl-p]
              down: [down, ctrl-n]
              page-down: [pgdn, ctrl-v]
              close: [esc, q, "?", space, ctrl-g]
            running:
              stop: [esc, ctrl-g]
            input:
              cancel: [esc, ctrl-g]
            """),
    ]
}
