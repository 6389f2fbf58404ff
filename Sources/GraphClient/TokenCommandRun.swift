import Foundation

/// Runs `--token-command` bounded: at most `timeout` seconds and `outputLimit` bytes of
/// output, in a process group of its own that is killed whole when either runs out, and
/// when this process exits (a cloud CLI left waiting would outlive the console).
/// Hand-written over posix_spawn: Foundation's Process cannot start a new process group.
public enum TokenCommandRun {
    public static let timeout: TimeInterval = 30
    /// A Graph token is 1–3 KB; 16 KiB is generous, `yes` never fills memory.
    public static let outputLimit = 16 * 1024

    /// A bearer token: one line of base64url / JWT characters, nothing a terminal would run.
    public static func isTokenShaped(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= outputLimit else { return false }
        return text.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9", "-", ".", "_", "~", "+", "/", "=": true
            default: false
            }
        }
    }

    static func output(of command: String, timeout: TimeInterval) throws -> Data {
        var pipe: [Int32] = [0, 0]
        guard Foundation.pipe(&pipe) == 0 else { throw SignInError("token_command", "cannot run the token command: no pipe") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipe[0])
        posix_spawn_file_actions_addclose(&actions, pipe[1])
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var pid: pid_t = 0
        let arguments: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(command), nil]
        defer { arguments.forEach { free($0) } }
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, arguments, environ)
        close(pipe[1])
        guard spawned == 0 else {
            close(pipe[0])
            throw SignInError("token_command", "cannot run the token command: \(String(cString: strerror(spawned)))")
        }
        Running.shared.add(pid)
        defer { Running.shared.remove(pid) }
        var output = Data()
        var failure: String?
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        reading: while true {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { failure = "the token command gave no token within \(Int(timeout)) s (stopped)"; break }
            var poller = pollfd(fd: pipe[0], events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(left, 1) * 1000))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { continue }
            let count = read(pipe[0], &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break reading }
            output.append(contentsOf: buffer[0..<count])
            if output.count > outputLimit { failure = "the token command printed over \(outputLimit / 1024) KiB (stopped): a token is one line"; break }
        }
        close(pipe[0])
        if failure != nil { kill(-pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if let failure { throw SignInError("token_command", failure) }
        let exited = (status & 0x7f) == 0
        let code = (status >> 8) & 0xff
        guard exited, code == 0 else {
            throw SignInError("token_command", exited ? "the token command exited with status \(code)" : "the token command was ended by signal \(status & 0x7f)")
        }
        return output
    }

    /// The process groups of token commands still running, killed when this process exits.
    final class Running: @unchecked Sendable {
        static let shared = Running()
        private let lock = NSLock()
        private var groups: Set<pid_t> = []

        init() {
            atexit { Running.shared.killAll() }
        }

        func add(_ pid: pid_t) { lock.withLock { _ = groups.insert(pid) } }
        func remove(_ pid: pid_t) { lock.withLock { _ = groups.remove(pid) } }
        func killAll() { lock.withLock { for group in groups { kill(-group, SIGKILL) } } }
    }
}
