import Foundation
import MDMCore

/// A flag one thread sets and another reads.
final class StopSwitch: @unchecked Sendable {
    private let lock = NSLock()
    private var on = false
    var isOn: Bool { lock.withLock { on } }
    func turn(on value: Bool) { lock.withLock { on = value } }
}

/// Messages from background work, waiting for the loop to pick them up.
final class BackgroundInbox: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [Message] = []
    private var latest: [String: Effect] = [:]

    /// The newest background effect of each kind: older ones not yet started are skipped.
    func latest(for slot: String) -> Effect? { lock.withLock { latest[slot] } }

    func setLatest(_ effect: Effect, for slot: String) { lock.withLock { latest[slot] = effect } }

    func post(_ message: Message) { lock.withLock { messages.append(message) } }

    func take() -> [Message] {
        lock.withLock {
            defer { messages.removeAll() }
            return messages
        }
    }
}

/// The store's revision as last seen by this console.
final class RevisionWatch: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: Int64?

    func noteCurrent(of store: TenantStore) {
        let revision = try? store.revision()
        lock.withLock { seen = revision }
    }

    /// Whether the store's revision moved since the last look (and remembers the new one);
    /// throws `StoreError.replaced` when the file is no longer the one opened.
    func changed(in store: TenantStore) throws -> Bool {
        let revision = try store.revision()
        return lock.withLock {
            defer { seen = revision }
            return revision != seen
        }
    }
}
