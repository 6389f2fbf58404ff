import Dispatch

/// Runs async work (a Graph request) from synchronous code and waits for its result: the
/// command line's commands and the console's effect runner are synchronous, the client is
/// async. Never call it from inside a Swift concurrency task.
public func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let done = DispatchSemaphore(value: 0)
    let box = BlockingResult<T>()
    Task {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

/// Handed from the task to the waiting thread; the semaphore orders the two accesses.
final class BlockingResult<T>: @unchecked Sendable {
    var result: Result<T, Error>?
}
