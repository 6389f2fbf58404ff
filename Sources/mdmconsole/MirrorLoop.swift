import Foundation
import GraphClient
import MDMCore

/// The console's background sync of a connected tenant: once on opening, then every
/// `every` seconds (nil: only on opening). Each sync writes the store; the console's loop
/// notices and redraws. A failed sync leaves the mirror as it was and is told in the
/// header ("offline since …"); the next one tries again.
final class MirrorLoop: @unchecked Sendable {
    let sync: MirrorSync
    let every: TimeInterval?
    private var task: Task<Void, Never>?

    init(sync: MirrorSync, every: TimeInterval?) {
        self.sync = sync
        self.every = every
    }

    func start() {
        let sync = sync, every = every
        task = Task.detached(priority: .utility) {
            repeat {
                _ = try? await sync.run()
                guard let every else { return }
                try? await Task.sleep(for: .seconds(every))
            } while !Task.isCancelled
        }
    }

    func stop() {
        task?.cancel()
    }
}
