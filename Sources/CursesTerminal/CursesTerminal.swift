import CNCurses
import ConsoleUI
import Dispatch
import Foundation
import Synchronization

/// What the terminal reports to the loop.
public enum TerminalEvent: Equatable {
    case key(Key)
    case mouse(MouseEvent)
    case resized(width: Int, height: Int)
}

/// Why the console cannot start on this terminal; each names what to do instead.
public enum TerminalError: Error, CustomStringConvertible, Equatable {
    case notATerminal(which: String)
    case noTerm
    case dumbTerminal(term: String)
    case unknownTerm(term: String)

    public var description: String {
        let hint = "use the sub-commands instead (mdmconsole devices, device, run, actions, audit; see --help)"
        switch self {
        case .notATerminal(let which): return "the console needs a terminal, but \(which) is not one; \(hint)"
        case .noTerm: return "TERM is not set, so the terminal's capabilities are unknown; set TERM (for example xterm-256color) or \(hint)"
        case .dumbTerminal(let term): return "TERM=\(term) cannot move the cursor, so the console cannot draw; \(hint)"
        case .unknownTerm(let term): return "TERM=\(term) is not in the terminfo database; set TERM to a known terminal (for example xterm-256color) or \(hint)"
        }
    }
}

/// The only code that calls ncurses: starts and stops the screen, paints a cell grid
/// (sending only the cells that changed, and refreshing once), reads keys with a short Esc
/// delay, and restores the terminal on every way out: quit, errors, and signals.
public final class CursesTerminal {
    private var screen: OpaquePointer?
    private var previous: CellGrid?
    private var theme: Theme
    private var colorsEnabled = false
    private var pairs: [StyleRole: Int16] = [:]
    private let stopSignal = StopSignal()
    private var signalSources: [DispatchSourceSignal] = []
    public private(set) var isRunning = false
    /// The locale is not UTF-8: what is not ASCII is shown as `?`, one per column.
    public var asciiOnly = false
    /// Screen-reader mode: the terminal's cursor is shown where the grid puts it. Otherwise it
    /// is hidden but still moved there, so a screen reader gets the selected row either way.
    public var showsCursor = false
    /// Report clicks and the wheel (`--no-mouse` turns it off).
    public var mouse = true

    public init(theme: Theme) {
        self.theme = theme
    }

    /// Refuses, before touching the screen, what would end in a garbled one.
    public static func checkEnvironment() throws {
        if isatty(STDIN_FILENO) == 0 { throw TerminalError.notATerminal(which: "standard input") }
        if isatty(STDOUT_FILENO) == 0 { throw TerminalError.notATerminal(which: "standard output") }
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        if term.isEmpty { throw TerminalError.noTerm }
        if term == "dumb" || term == "unknown" { throw TerminalError.dumbTerminal(term: term) }
    }

    /// Whether the user's locale can show UTF-8 (otherwise draw with ASCII).
    public static var localeIsUTF8: Bool {
        setlocale(LC_ALL, "")
        return mdm_locale_is_utf8() != 0
    }

    /// Home and End as the terminals people connect from send them, whatever TERM says:
    /// PuTTY and tmux send `ESC [1~` / `ESC [4~`, xterm `ESC O H` / `ESC [H`, rxvt `ESC [7~`.
    /// A sequence the terminfo entry does not know reached the console as Esc and the rest
    /// as typed characters (Home closed … More); each one it lacks is taught to ncurses.
    static let homeAndEndSequences: [(String, Int32)] = [
        ("\u{1B}[1~", KEY_HOME), ("\u{1B}[7~", KEY_HOME), ("\u{1B}OH", KEY_HOME), ("\u{1B}[H", KEY_HOME),
        ("\u{1B}[4~", KEY_END), ("\u{1B}[8~", KEY_END), ("\u{1B}OF", KEY_END), ("\u{1B}[F", KEY_END),
    ]

    static func defineOtherHomeAndEnd() {
        for (sequence, code) in homeAndEndSequences where key_defined(sequence) == 0 {
            define_key(sequence, code)
        }
    }

    public func start(colors: Bool) throws {
        try Self.checkEnvironment()
        setlocale(LC_ALL, "")
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        guard let opened = newterm(nil, mdm_stdout(), mdm_stdin()) else { throw TerminalError.unknownTerm(term: term) }
        screen = opened
        isRunning = true
        guard mdm_has_cursor_addressing() != 0 else {
            stop()
            throw TerminalError.dumbTerminal(term: term)
        }
        mdm_install_crash_handlers()
        installSignalHandlers()
        raw()  // Ctrl-C arrives as a key, so quitting goes through the normal path.
        noecho()
        nonl()
        keypad(mdm_stdscr(), true)
        Self.defineOtherHomeAndEnd()
        set_escdelay(25)
        curs_set(showsCursor ? 1 : 0)
        if mouse {
            // Clicks, double-clicks and the wheel; no motion events (they would flood an SSH link).
            mdm_enable_mouse()
        }
        timeout(100)
        // COLORS is only known after start_color().
        if colors, has_colors() {
            start_color()
            colorsEnabled = mdm_colors() >= 8
            if colorsEnabled { use_default_colors() }
        }
        applyTheme(theme)
    }

    /// Switches theme; colours are dropped where the terminal has none or NO_COLOR asked.
    public func applyTheme(_ theme: Theme) {
        self.theme = colorsEnabled ? theme : theme.withoutColor()
        pairs = [:]
        if colorsEnabled {
            for (index, role) in StyleRole.allCases.enumerated() where index + 1 < Int(mdm_color_pairs()) {
                let style = self.theme.style(role)
                init_pair(Int16(index + 1), style.foreground.cursesNumber, style.background.cursesNumber)
                pairs[role] = Int16(index + 1)
            }
        }
        previous = nil  // every cell's look may have changed
    }

    public var size: (width: Int, height: Int) { (Int(mdm_cols()), Int(mdm_lines())) }

    /// Copies the grid to the screen: only the cells that differ from the last paint, then
    /// one refresh, so a cursor move sends a few bytes, not a screen. After a resize (or a
    /// theme change) the screen is erased first: the bottom-right cell is never written
    /// (ncurses cannot write it without scrolling on some terminals), so whatever an earlier
    /// frame left there would otherwise stay.
    public func paint(_ grid: CellGrid) {
        guard isRunning else { return }
        let full = previous == nil || previous!.width != grid.width || previous!.height != grid.height
        if full { erase() }
        var buffer: [wchar_t] = [0, 0, 0, 0, 0]
        for y in 0..<grid.height {
            for x in 0..<grid.width {
                var cell = grid[x, y]
                if !full, previous![x, y] == cell { continue }
                if y == grid.height - 1, x == grid.width - 1 { continue }
                if cell.character == Cell.continuation {
                    // ncurses draws a wide character over both cells; in ASCII it was one `?`
                    // per column, so the right half gets its own.
                    guard asciiOnly else { continue }
                    cell.character = "?"
                } else if asciiOnly, !cell.character.isASCII {
                    // The locale cannot show it: a visible mark, never a silently dropped letter.
                    cell.character = "?"
                }
                var count = 0
                for scalar in cell.character.unicodeScalars.prefix(4) {
                    buffer[count] = wchar_t(bitPattern: scalar.value)
                    count += 1
                }
                buffer[count] = 0
                let style = theme.style(cell.role)
                _ = mdm_put_cell(Int32(y), Int32(x), buffer, attributes(style.attributes), pairs[cell.role] ?? 0)
            }
        }
        previous = grid
        if let cursor = grid.cursor, cursor.y < grid.height, cursor.x < grid.width {
            wmove(mdm_stdscr(), Int32(cursor.y), Int32(cursor.x))
        }
        refresh()
    }

    func attributes(_ attributes: TextAttributes) -> attr_t {
        var value = mdm_attr_normal
        if attributes.contains(.bold) { value |= mdm_attr_bold }
        if attributes.contains(.dim) { value |= mdm_attr_dim }
        if attributes.contains(.reverse) { value |= mdm_attr_reverse }
        if attributes.contains(.underline) { value |= mdm_attr_underline }
        return value
    }

    /// The next key or resize, or nil after the timeout (100 ms) so the loop can look at
    /// the store and at signals.
    public func nextEvent() -> TerminalEvent? {
        var character: wint_t = 0
        let result = get_wch(&character)
        if result == KEY_CODE_YES {
            if Int32(character) == KEY_RESIZE {
                previous = nil
                return .resized(width: size.width, height: size.height)
            }
            if Int32(character) == KEY_MOUSE { return MouseDecoding.next().map(TerminalEvent.mouse) }
            return KeyDecoding.function(Int32(character)).map(TerminalEvent.key)
        }
        guard result == OK else { return nil }
        return KeyDecoding.character(UInt32(character)).map(TerminalEvent.key)
    }

    /// A stop was asked by a signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT).
    public var stopRequested: Bool { stopSignal.received.load(ordering: .relaxed) != 0 }
    public var stopSignalNumber: Int32 { stopSignal.received.load(ordering: .relaxed) }

    /// Leaves the screen and gives the terminal back as it was. Safe to call twice.
    public func stop() {
        guard isRunning else { return }
        isRunning = false
        if mouse { mdm_disable_mouse() }
        curs_set(1)
        if mdm_has_alternate_screen() == 0 {
            // vt100, linux: no alternate screen to leave, so the last frame would stay.
            erase()
            refresh()
        }
        endwin()
        if let screen { delscreen(screen) }
        screen = nil
        fflush(mdm_stdout())
    }

    private func installSignalHandlers() {
        for number in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            let flag = stopSignal
            source.setEventHandler { flag.received.store(number, ordering: .relaxed) }
            source.resume()
            signalSources.append(source)
        }
    }
}

/// Set from signal handlers, read by the loop.
final class StopSignal: Sendable {
    let received = Atomic<Int32>(0)
}
