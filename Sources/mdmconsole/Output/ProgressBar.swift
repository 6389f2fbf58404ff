import Foundation

/// A one-line progress bar on stderr, drawn only when stderr is a terminal (so logs and
/// pipes stay clean), redrawn at most a few times a second. Safe to call from background work.
final class ProgressBar: @unchecked Sendable {
    private let enabled = isatty(STDERR_FILENO) != 0
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    private var drawn = false

    /// `detail`: words after the percentage ("1200 devices of about 300000").
    func show(_ stage: String, _ fraction: Double, detail: String = "") {
        lock.withLock {
            guard enabled, Date().timeIntervalSince(lastDraw) > 0.1 || fraction >= 1 else { return }
            lastDraw = Date()
            let width = 30
            let filled = Int((min(1, max(0, fraction)) * Double(width)).rounded(.down))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            FileHandle.standardError.write(Data("\r\u{1B}[K\(stage.padding(toLength: 14, withPad: " ", startingAt: 0)) [\(bar)] \(Int(fraction * 100))%  \(detail)".utf8))
            drawn = true
        }
    }

    /// A line of its own (a wait, a retry): above the bar on a terminal, plain in a log.
    func note(_ text: String) {
        lock.withLock {
            FileHandle.standardError.write(Data(((enabled && drawn ? "\r\u{1B}[K" : "") + text + "\n").utf8))
            drawn = false
        }
    }

    func finish() {
        lock.withLock {
            if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            drawn = false
        }
    }
}
