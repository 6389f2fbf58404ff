import ConsoleUI
import Foundation
import MDMCore

/// The console measured as a user feels it, without a terminal: from a key to the next
/// frame rendered into the cell grid (what the ncurses layer then paints).
struct ConsoleTimings {
    let path: String
    let runs: Int
    static let operatorUPN = "bench@contoso.com"

    func session() throws -> ConsoleSession {
        let store = try TenantStore(path: path)
        let session = ConsoleSession(state: AppState(width: 80, height: 24, operatorUPN: Self.operatorUPN),
                                     runner: EffectRunner(store: store, operatorUPN: Self.operatorUPN))
        // As in the real console: exact counts of a filtered list come in the background.
        session.background = DispatchScheduler(label: "bench.counts")
        return session
    }

    /// Opening the store, reading the first window and the header, rendering the grid.
    func firstFrame() throws -> Samples {
        var samples = Samples()
        for _ in 0..<runs {
            try samples.time {
                let session = try self.session()
                session.start()
                _ = session.screen
            }
        }
        return samples
    }

    /// Typing each word in the filter: the time from each keystroke to its frame, by how
    /// many characters are typed so far; and how long the exact count takes to land after
    /// the first character (it runs in the background while the estimate is shown).
    func typing(_ words: [String]) throws -> (byLength: [Samples], firstCharacterCount: Samples, estimated: Int, slowest: String) {
        var byLength = Array(repeating: Samples(), count: 6)
        var keystrokes: [(Double, String)] = []
        var countAfterFirst = Samples()
        var estimated = 0
        for run in 0..<runs {
            let word = Array(words[run % words.count].prefix(6))
            let session = try self.session()
            session.start()
            session.press(.character("/"))
            for (index, character) in word.enumerated() {
                byLength[index].time {
                    session.send(.key(.character(character)))
                    _ = session.screen
                }
                if let last = byLength[index].values.last {
                    keystrokes.append((last, String(format: "%.1f ms \"%@\"", last, String(word.prefix(index + 1)))))
                }
                if index == 0 {
                    if session.state.list.page?.count.isExact == false { estimated += 1 }
                    // What the background count costs (it starts 150 ms after the last keystroke).
                    let query = session.state.list.query
                    try countAfterFirst.time { _ = try session.runner.store.deviceCount(query) }
                }
            }
            session.finishBackground()
        }
        let slowest = keystrokes.sorted { $0.0 > $1.0 }.prefix(5).map(\.1).joined(separator: ", ")
        return (byLength, countAfterFirst, estimated, slowest)
    }

    /// Typing in the audit log's filter: an actor that exists, then a word found nowhere
    /// (the worst case: the filter is tried on every entry it may search).
    func auditTyping() throws -> (actor: Samples, missing: Samples, device: Samples) {
        var actor = Samples(), missing = Samples(), device = Samples()
        for _ in 0..<max(1, runs / 4) {
            let session = try self.session()
            session.start()
            session.press(.character("l"), .character("/"))
            timeText(session, "actor:rossi", into: &actor)
            session.press(.escape, .character("/"))
            timeText(session, "zqxwvk", into: &missing)
            session.press(.escape, .character("/"))
            // A few devices' entries among millions: sparse, where walking the log is slowest.
            timeText(session, "device:LEGACY-0001", into: &device)
            session.finishBackground()
        }
        return (actor, missing, device)
    }

    func timeText(_ session: ConsoleSession, _ text: String, into samples: inout Samples) {
        for character in text {
            samples.time {
                session.send(.key(.character(character)))
                _ = session.screen
            }
        }
    }

    /// Page down `pages` times from the top of All devices, then of the audit log; and End.
    func scrolling(pages: Int) throws -> (list: Samples, listEnd: Samples, audit: Samples, auditEnd: Samples) {
        var list = Samples(), listEnd = Samples(), audit = Samples(), auditEnd = Samples()
        for _ in 0..<max(1, runs / 5) {
            let session = try self.session()
            session.start()
            timeKeys(session, .pageDown, times: pages, into: &list)
            timeKeys(session, .end, times: 1, into: &listEnd)
            session.press(.character("l"))
            timeKeys(session, .pageDown, times: pages, into: &audit)
            timeKeys(session, .end, times: 1, into: &auditEnd)
        }
        return (list, listEnd, audit, auditEnd)
    }

    /// Presses `key` `times` times, timing each press to its frame.
    func timeKeys(_ session: ConsoleSession, _ key: Key, times: Int, into samples: inout Samples) {
        for _ in 0..<times {
            samples.time {
                session.send(.key(key))
                _ = session.screen
            }
        }
    }

    /// Six-letter words people would type: the start of real users' last names, taken from
    /// the top of each sort order so they spread over the tenant.
    func words(count: Int) throws -> [String] {
        let store = try TenantStore(path: path)
        defer { try? store.close() }
        var words: [String] = []
        for sort in DeviceQuery.SortKey.allCases {
            for device in try store.deviceWindow(DeviceQuery(sort: sort), start: .first, limit: 400).rows {
                guard let last = device.primaryUserDisplayName.split(separator: " ").last?.lowercased(), last.count >= 6 else { continue }
                let word = String(last.prefix(6))
                if !words.contains(word) { words.append(word) }
                if words.count >= count { return words }
            }
        }
        return words.isEmpty ? ["iphone"] : words
    }
}
