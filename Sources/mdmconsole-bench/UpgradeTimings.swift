import Foundation
import MDMCore
import MDMDemo

/// Opening a store that still needs migrations v9 and v10 (the audit log's and the device
/// filter's search indexes), as one made before them is: the bench's own tenant has the two
/// migrations' objects dropped and is opened again, so it ends as it was. How long the
/// upgrade takes, and how the progress it reports moves (what a user watches).
enum UpgradeTimings {
    struct Figures {
        var seconds = 0.0
        var reports = 0
        /// The longest time the percentage stood still.
        var longestStill = 0.0
        var steadilyRising = true
        var reachedEnd = false
        /// When each step's progress began, from the start.
        var steps: [(String, Double)] = []
    }

    static func measure(path: String) throws -> Figures {
        try OlderSchema.removeSearchIndexes(at: path)
        var figures = Figures()
        var last: (time: Double, fraction: Double, step: Int) = (0, 0, 0)
        let started = Date()
        let store = try TenantStore(path: path, upgrading: { progress in
            let now = Date().timeIntervalSince(started)
            figures.reports += 1
            if progress.fraction < last.fraction { figures.steadilyRising = false }
            figures.longestStill = max(figures.longestStill, now - last.time)
            if progress.step != last.step { figures.steps.append((progress.migration, now)) }
            last = (now, progress.fraction, progress.step)
            figures.reachedEnd = progress.fraction >= 1
        })
        figures.seconds = Date().timeIntervalSince(started)
        try store.close()
        return figures
    }
}
