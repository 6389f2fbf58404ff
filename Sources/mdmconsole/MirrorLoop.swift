import Foundation
import GraphClient
import MDMCore

/// The console's background sync of a connected tenant. Every console of a store shares one
/// sync: each looks every few seconds whether one is due (none began within `every` seconds,
/// by any process) and, if so, syncs under the store's lease; while another process holds it,
/// this one only follows the store's revision (the console's loop notices each sync's writes).
/// A holder that dies stops renewing its lease, and the next console to look takes over. A
/// failed sync leaves the mirror as it was and is told in the header ("offline since …").
final class MirrorLoop: @unchecked Sendable {
    let sync: MirrorSync
    let every: TimeInterval?
    private var task: Task<Void, Never>?
    /// How often a console looks whether a sync is due: a dead holder's lease (90 s) is taken
    /// over within this much after it runs out.
    static let lookEvery: TimeInterval = 5

    init(sync: MirrorSync, every: TimeInterval?) {
        self.sync = sync
        self.every = every
    }

    func start() {
        let sync = sync, every = every
        task = Task.detached(priority: .utility) {
            // On opening: a sync unless one completed within the interval (a failed one is tried
            // again: the person may just have signed in again); then whenever one is due.
            var opening = true
            repeat {
                let status = try? sync.store.mirrorStatus()
                let due = status?.syncDue(every: every ?? 0, retryingFailures: opening) ?? true
                opening = false
                if due { _ = try? await sync.run() }
                guard let every else { return }
                try? await Task.sleep(for: .seconds(min(every, Self.lookEvery)))
            } while !Task.isCancelled
        }
    }

    func stop() {
        task?.cancel()
    }
}
