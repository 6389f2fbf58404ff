import Dispatch
import Foundation

/// Runs background work after a delay (the exact count of a big filter, started a moment
/// after the last keystroke so typing is never slowed), and says when all of it is done.
/// The console uses a dispatch queue; tests use `ManualScheduler`, whose time moves only when
/// they say, so no test waits on the wall clock.
public protocol BackgroundScheduler: AnyObject, Sendable {
    func run(after milliseconds: Int, _ work: @escaping @Sendable () -> Void)
    /// Returns once everything scheduled so far has run.
    func waitUntilIdle()
}

/// Background work on a serial dispatch queue.
public final class DispatchScheduler: BackgroundScheduler, @unchecked Sendable {
    private let queue: DispatchQueue
    private let group = DispatchGroup()

    public init(label: String) {
        queue = DispatchQueue(label: label, qos: .utility)
    }

    public func run(after milliseconds: Int, _ work: @escaping @Sendable () -> Void) {
        group.enter()
        queue.asyncAfter(deadline: .now() + .milliseconds(milliseconds)) { [group] in
            work()
            group.leave()
        }
    }

    public func waitUntilIdle() { group.wait() }
}

/// Background work that runs when a test moves this scheduler's clock.
public final class ManualScheduler: BackgroundScheduler, @unchecked Sendable {
    private let lock = NSLock()
    private var now = 0
    private var pending: [(due: Int, order: Int, work: @Sendable () -> Void)] = []
    private var scheduled = 0

    public init() {}

    public func run(after milliseconds: Int, _ work: @escaping @Sendable () -> Void) {
        lock.withLock {
            pending.append((now + milliseconds, scheduled, work))
            scheduled += 1
        }
    }

    /// Moves the clock and runs, in order, what came due.
    public func advance(by milliseconds: Int) {
        let due: [@Sendable () -> Void] = lock.withLock {
            now += milliseconds
            let ready = pending.filter { $0.due <= now }.sorted { ($0.due, $0.order) < ($1.due, $1.order) }
            pending.removeAll { $0.due <= now }
            return ready.map(\.work)
        }
        for work in due { work() }
    }

    /// Work scheduled and not yet run.
    public var waiting: Int { lock.withLock { pending.count } }

    public func waitUntilIdle() {
        while waiting > 0 { advance(by: 1_000) }
    }
}
