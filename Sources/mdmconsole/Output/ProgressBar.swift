import Foundation

/// A one-line progress bar on stderr, drawn only when stderr is a terminal (so logs and
/// pipes stay clean), redrawn at most a few times a second.
final class ProgressBar {
    private let enabled = isatty(STDERR_FILENO) != 0
    private var lastDraw = Date.distantPast
    private var drawn = false

    func show(_ stage: String, _ fraction: Double) {
        guard enabled, Date().timeIntervalSince(lastDraw) > 0.1 || fraction >= 1 else { return }
        lastDraw = Date()
        let width = 30
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r\(stage.padding(toLength: 14, withPad: " ", startingAt: 0)) [\(bar)] \(Int(fraction * 100))%  ".utf8))
        drawn = true
    }

    func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
