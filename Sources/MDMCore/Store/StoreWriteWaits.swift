import Synchronization

/// What writers of one store waited for: time from asking to write until the transaction
/// began (other writers, of this process or another, hold the lock meanwhile), and each
/// "busy" answer SQLite gave after its own timeout. An observer (serve's metrics) is told of
/// each wait as it ends.
public final class StoreWriteWaits: Sendable {
    public typealias Observer = @Sendable (_ waited: Duration) -> Void
    private let state = Mutex<(busyAnswers: Int, observer: Observer?)>((0, nil))

    public init() {}

    /// How many times SQLite answered "busy" and the write was tried again.
    public var busyAnswers: Int { state.withLock { $0.busyAnswers } }

    public func observe(_ observer: @escaping Observer) {
        state.withLock { $0.observer = observer }
    }

    func recordWait(_ waited: Duration) {
        state.withLock { $0.observer }?(waited)
    }

    func recordBusy() {
        state.withLock { $0.busyAnswers += 1 }
    }
}
