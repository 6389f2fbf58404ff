import Foundation

/// One renewal at a time per token file, across processes. A person's sign-in rotates its
/// refresh token at each renewal; two consoles of theirs renewing at the same moment would
/// send the same refresh token twice — a replay, for which the service may end the whole
/// sign-in. The renewal holds this lock (flock on a file beside the token file, made 0600 in
/// the checked token folder, never through a link) and reads the token file again under it.
struct TokenFileLock {
    private let descriptor: Int32

    /// Waits (without blocking a thread) until the lock is free, at most `timeout`.
    static func acquire(sourceId: String, owner: TokenOwner, timeout: TimeInterval = 30) async throws -> TokenFileLock {
        let folder = TokenFile.folder()
        try TokenFile.checkFolder(folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try TokenFile.checkFolder(folder)
        let path = TokenFile.path(for: sourceId, owner: owner, in: folder) + ".lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw TransportError(message: "cannot open the token file's lock in \(folder): \(String(cString: strerror(errno)))")
        }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                close(descriptor)
                throw TransportError(message: "another process has been renewing this sign-in for \(Int(timeout)) s; try again")
            }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        return TokenFileLock(descriptor: descriptor)
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
