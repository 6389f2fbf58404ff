import Foundation
import MDMCore

/// How a store's upgrade is shown while it opens: a progress bar on stderr for a command, a
/// screen of its own for the console (which cannot start before its store is open).
enum UpgradeDisplay {
    case progressBar
    case screen

    /// What `TenantStore` is told to report to; `finish` takes the display down after the open.
    func reporter(path: String) -> (report: (StoreUpgrade.Progress) -> Void, finish: () -> Void) {
        switch self {
        case .progressBar:
            let bar = ProgressBar()
            var announced = false
            return ({ progress in
                if !announced {
                    announced = true
                    // A log or a pipe gets one line saying why opening takes a while; a terminal gets the bar too.
                    if progress.devices + progress.auditEntries >= 20_000 {
                        bar.note("bringing \(path) up to this version (\(progress.devices) devices, \(progress.auditEntries) audit entries): "
                                 + "on a big tenant this takes a while, once; Ctrl-C stops it without damage and the next open goes on")
                    }
                }
                bar.show("upgrading", progress.fraction, detail: "step \(progress.step) of \(progress.steps): \(UpgradeDisplay.summary(progress.migration))")
            }, { bar.finish() })
        case .screen:
            let screen = UpgradeScreen()
            return ({ screen.show($0) }, { screen.close() })
        }
    }

    /// A migration's identifier without its version ("v9: the audit log's filters…" → "the audit log's filters…").
    static func summary(_ migration: String) -> String {
        guard let colon = migration.firstIndex(of: ":") else { return migration }
        return String(migration[migration.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
    }
}

/// The console's "migrating the store (N %)" screen, drawn with plain escape sequences on
/// the alternate screen (curses starts only once the store is open): three lines in the
/// middle, the percentage and the bar rewritten in place as it moves, no colour. While it
/// is up, SIGINT, SIGTERM and SIGHUP give the terminal back before the process ends; the
/// migration then in progress is rolled back by SQLite, and the next open goes on from it.
final class UpgradeScreen: @unchecked Sendable {
    private var shown = false
    private var lastPercent = -1
    private var lastStep = -1
    nonisolated(unsafe) static var previous: [Int32: sigaction] = [:]
    /// Written by the signal handler, so made before any signal can come.
    static let restore: [UInt8] = Array("\u{1B}[?25h\u{1B}[?1049l".utf8)
        + Array("mdmconsole: the store's upgrade was interrupted; nothing is lost, and the next start goes on with it\n".utf8)

    func show(_ progress: StoreUpgrade.Progress) {
        let (rows, columns) = Self.size()
        if !shown {
            shown = true
            catchSignals()
            write("\u{1B}[?1049h\u{1B}[?25l\u{1B}[H\u{1B}[2J")
        }
        let top = max(1, rows / 2 - 1)
        let width = max(10, min(columns - 2, 60))
        if progress.step != lastStep {
            lastStep = progress.step
            let what = "step \(progress.step) of \(progress.steps): \(UpgradeDisplay.summary(progress.migration))"
            line(top + 2, Self.fitted(what, width), columns)
            line(top + 3, Self.fitted("Ctrl-C stops it without damage; the next start goes on.", width), columns)
        }
        guard progress.percent != lastPercent else { return }
        lastPercent = progress.percent
        line(top, "migrating the store (\(progress.percent) %)", columns)
        let inside = width - 2
        let filled = Int((progress.fraction * Double(inside)).rounded(.down))
        line(top + 1, "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: inside - filled) + "]", columns)
    }

    func close() {
        guard shown else { return }
        shown = false
        write("\u{1B}[?25h\u{1B}[?1049l")
        for (number, var old) in Self.previous { sigaction(number, &old, nil) }
        Self.previous = [:]
    }

    /// Row `row` (from 1) cleared, then `text` centred on it.
    private func line(_ row: Int, _ text: String, _ columns: Int) {
        let column = max(1, (columns - text.count) / 2 + 1)
        write("\u{1B}[\(row);1H\u{1B}[2K\u{1B}[\(row);\(column)H" + text)
    }

    private func write(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { _ = Foundation.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }

    /// The text cut to `width` characters (its words are the program's, plain ASCII).
    static func fitted(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 3)) + "..."
    }

    static func size() -> (rows: Int, columns: Int) {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0 else { return (24, 80) }
        return (Int(size.ws_row), Int(size.ws_col))
    }

    private func catchSignals() {
        for number in [SIGINT, SIGTERM, SIGHUP] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                // Only write and _exit here: async-signal-safe, on bytes made beforehand.
                UpgradeScreen.restore.withUnsafeBufferPointer { _ = Foundation.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
                _exit(128 + number)
            }
            sigemptyset(&action.sa_mask)
            var old = sigaction()
            sigaction(number, &action, &old)
            Self.previous[number] = old
        }
    }
}
