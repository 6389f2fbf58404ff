import Foundation

/// Files to remove should the process be ended by SIGINT, SIGTERM or SIGHUP while it builds
/// them: a big demo's temporary store grows by gigabytes, and a plain signal left it behind.
/// The handler only calls `unlink` and `_exit` (async-signal-safe) on paths copied to C
/// strings beforehand.
enum SignalCleanup {
    static let signals = [SIGINT, SIGTERM, SIGHUP]
    nonisolated(unsafe) static var paths: [UnsafeMutablePointer<CChar>] = []
    nonisolated(unsafe) static var previous: [Int32: sigaction] = [:]
    /// Guards the two above: builds on several threads of one process (the tests) must not
    /// race on them (one did: a crash in CI). Never taken by the handler.
    static let lock = NSLock()

    /// Runs `body` with `files` removed on a signal; the previous handlers are put back after.
    /// While another call guards its files (nested, or on another thread), `body` runs unguarded.
    static func removing<T>(_ files: [String], _ body: () throws -> T) rethrows -> T {
        lock.lock()
        guard paths.isEmpty else {
            lock.unlock()
            return try body()
        }
        paths = files.map { strdup($0) }
        for number in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                for path in SignalCleanup.paths { unlink(path) }
                _exit(128 + number)
            }
            sigemptyset(&action.sa_mask)
            var old = sigaction()
            sigaction(number, &action, &old)
            previous[number] = old
        }
        lock.unlock()
        defer {
            lock.lock()
            for number in signals {
                if var old = previous[number] { sigaction(number, &old, nil) }
            }
            previous = [:]
            for path in paths { free(path) }
            paths = []
            lock.unlock()
        }
        return try body()
    }
}
