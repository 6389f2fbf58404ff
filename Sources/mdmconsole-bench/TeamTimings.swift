import Foundation
import MDMCore

/// A help desk on one tenant, end to end with real processes: the real `mdmconsole serve`
/// as the service with its throttling on (Intune's limits), a mirror made by the real
/// `connect` (client credentials: the store's reading identity), and then
/// - consoles: N real consoles on that one mirror, each in a terminal of its own (tmux), and
///   the requests the service saw per 20 s while they ran — one sync for all of them, so the
///   same for 20 as for one;
/// - later syncs: `sync` from cron with nothing changed, and after 1% of the devices checked in;
/// - a bulk sync of 1,000 devices by an operator signed in with their own device code, as a
///   fraction of the service's write limit, and what the operator was shown.
struct TeamTimings {
    let binary: String
    let folder: String
    /// The bench's own tmux servers (one a measurement: a killed one takes a moment to go):
    /// their sessions are the only ones it starts and kills.
    func tmuxSocket(_ consoles: Int) -> String { "mdmconsole-bench-\(getpid())-\(consoles)" }
    static let operatorUPN = BenchTenants.creator

    /// The service, its address and the client secret the reading identity signs in with; its
    /// request log (one line a request) in a file of the bench's own.
    final class Service {
        let process: Process
        let url: String
        let secret: String
        let logPath: String

        init(process: Process, url: String, secret: String, logPath: String) {
            self.process = process
            self.url = url
            self.secret = secret
            self.logPath = logPath
        }

        /// The request lines logged so far ("GET /v1.0/… 200 1.2 ms upn").
        func requests() -> [Substring] {
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").filter { line in
                ["GET /", "POST /", "PATCH /", "DELETE /"].contains { line.contains($0) }
            }
        }

        func stop() {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// A store and its WAL files.
    static func remove(store path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    static func make(folder: String) -> TeamTimings? {
        ServeTimings.consoleBinary().map { TeamTimings(binary: $0, folder: folder) }
    }

    // MARK: the service and the mirror

    func startService(path: String) throws -> Service {
        let logPath = folder + "/serve-\(UUID().uuidString).log"
        guard let (server, url, secret) = try ServeTimings.launchServer(path: path, creator: BenchTenants.creator, tokenName: "mdmconsole-bench team",
                                                                       throttle: "service", log: logPath) else {
            throw BenchError("serve did not start on \(path)")
        }
        return Service(process: server, url: url, secret: secret, logPath: logPath)
    }

    /// A new mirror of the service, made by `connect` with client credentials.
    func connect(_ service: Service, state: String) throws -> (mirror: String, seconds: Double) {
        let mirror = folder + "/team-mirror-\(UUID().uuidString).sqlite"
        let started = Date()
        let result = try runConsole(["--db", mirror, "--as", Self.operatorUPN, "connect", service.url, "--tenant", "contoso",
                                     "--client-secret-env", "MDMCONSOLE_BENCH_SECRET"],
                                    environment: ["MDMCONSOLE_BENCH_SECRET": service.secret, "XDG_STATE_HOME": state])
        guard result.status == 0 else { throw BenchError("connect exited \(result.status): \(result.output.suffix(300))") }
        return (mirror, Date().timeIntervalSince(started))
    }

    /// The console binary, started, with both its streams in a file of the bench's own (a
    /// pipe left unread could fill and block it), removed when this goes.
    final class ConsoleRun {
        let process = Process()
        private let outputPath: String
        private let output: FileHandle

        init(binary: String, _ arguments: [String], environment: [String: String], folder: String) throws {
            outputPath = folder + "/run-\(UUID().uuidString).out"
            FileManager.default.createFile(atPath: outputPath, contents: nil)
            output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            process.standardOutput = output
            process.standardError = output
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }

        /// What it has written so far.
        var text: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

        /// Waits for its end: its exit status.
        func wait() -> Int32 {
            process.waitUntilExit()
            return process.terminationStatus
        }

        deinit {
            try? output.close()
            try? FileManager.default.removeItem(atPath: outputPath)
        }
    }

    /// Runs the console binary to its end; its exit status and everything it wrote.
    func runConsole(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let run = try ConsoleRun(binary: binary, arguments, environment: environment, folder: folder)
        let status = run.wait()
        return (status, run.text)
    }

    /// The operator signs in to the service as themselves (`sign-in`, a device code), and the
    /// code is approved on the service's store as `tokens approve` does — what a person does in
    /// a browser.
    func signIn(_ service: Service, mirror: String, served: String, state: String) throws {
        let run = try ConsoleRun(binary: binary, ["--db", mirror, "--as", Self.operatorUPN, "sign-in"],
                                 environment: ["XDG_STATE_HOME": state], folder: folder)
        let process = run.process
        let deadline = Date().addingTimeInterval(30)
        var code: String?
        while code == nil, Date() < deadline, process.isRunning {
            let text = run.text
            if let range = text.range(of: #"tokens approve [A-Z0-9]{8}"#, options: .regularExpression) {
                code = String(text[range].split(separator: " ")[2])
            } else {
                usleep(100_000)
            }
        }
        guard let code else {
            process.terminate()
            throw BenchError("sign-in printed no code: \(run.text)")
        }
        let approval = try runConsole(["--db", served, "--as", Self.operatorUPN, "tokens", "approve", code, "--yes"])
        guard approval.status == 0 else { throw BenchError("tokens approve exited \(approval.status): \(approval.output)") }
        let status = run.wait()
        guard status == 0 else {
            throw BenchError("sign-in exited \(status): \(run.text)")
        }
    }

    // MARK: consoles

    /// Requests the service saw per 20 s while `count` consoles ran on `mirror` for `seconds`
    /// (after each had opened on the mirror and shown how current it is), at `--sync-every 20s`.
    func requestsPer20Seconds(consoles count: Int, service: Service, mirror: String, state: String, seconds: Double) throws -> Double {
        guard let tmux = Self.tmuxBinary() else { throw BenchError("tmux is not installed") }
        let sessions = (1...count).map { "team\($0)" }
        let socket = tmuxSocket(count)
        defer { _ = try? Self.run(tmux, ["-L", socket, "kill-server"]) }
        for session in sessions {
            let command = "env XDG_STATE_HOME=\(state) LANG=C.UTF-8 TERM=tmux-256color \(binary) --db \(mirror) --as \(Self.operatorUPN) --sync-every 20s"
            guard try Self.run(tmux, ["-L", socket, "new-session", "-d", "-s", session, "-x", "80", "-y", "24", command]) == 0 else {
                throw BenchError("tmux could not start a console")
            }
        }
        let deadline = Date().addingTimeInterval(120)
        for session in sessions {
            while !(try paneText(tmux, socket, session).contains("synced ")) {
                guard Date() < deadline else { throw BenchError("console \(session) did not open on the mirror: \(try paneText(tmux, socket, session))") }
                usleep(200_000)
            }
        }
        let before = service.requests().count
        Thread.sleep(forTimeInterval: seconds)
        let seen = service.requests().count - before
        for session in sessions { _ = try Self.run(tmux, ["-L", socket, "send-keys", "-t", session, "q"]) }
        return Double(seen) / (seconds / 20)
    }

    func paneText(_ tmux: String, _ socket: String, _ session: String) throws -> String {
        let path = folder + "/pane-\(session).txt"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.run(tmux, ["-L", socket, "capture-pane", "-t", session, "-S", "0", "-E", "-1", "-b", "bench-\(session)"])
        try Self.run(tmux, ["-L", socket, "save-buffer", "-b", "bench-\(session)", path])
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    static func tmuxBinary() -> String? {
        ["/usr/bin/tmux", "/usr/local/bin/tmux"].first(where: FileManager.default.isExecutableFile(atPath:))
    }

    /// Runs tmux to its end. Not through Foundation's Process: the first tmux command forks
    /// the tmux server, which would inherit the descriptor Process watches for the child's end
    /// and hold it open until the server exits (the bench waited forever); posix_spawn here
    /// closes every descriptor but the standard ones in the child.
    @discardableResult
    static func run(_ binary: String, _ arguments: [String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // (glibc's closefrom action is not exported to Swift: each open descriptor instead.)
        for descriptor in Int32(3)..<1024 where fcntl(descriptor, F_GETFD) != -1 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, binary, &actions, nil, argv, environ)
        guard spawned == 0 else { throw BenchError("\(binary): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    // MARK: later syncs

    struct SyncFigure {
        var seconds: Double
        var requests: Int
        var summary: String
    }

    /// `sync` from cron on the mirror: its wall time, the requests the service saw, its summary.
    func laterSync(_ service: Service, mirror: String, state: String) throws -> SyncFigure {
        let before = service.requests().count
        let started = Date()
        let result = try runConsole(["--db", mirror, "--as", Self.operatorUPN, "sync"], environment: ["XDG_STATE_HOME": state])
        let seconds = Date().timeIntervalSince(started)
        guard result.status == 0 else { throw BenchError("sync exited \(result.status): \(result.output.suffix(300))") }
        let summary = result.output.split(separator: "\n").first { $0.hasPrefix("Synced") }.map(String.init) ?? result.output
        return SyncFigure(seconds: seconds, requests: service.requests().count - before, summary: summary)
    }

    /// `fraction` of the service's devices check in (the simulated tenant's own check-in, one
    /// transaction and audit entry each, while the service runs): what a later sync must find.
    func checkIn(fraction: Double, served: String) throws -> Int {
        let store = try TenantStore(path: served)
        defer { try? store.close() }
        let count = Int(Double(try store.deviceCount()) * fraction)
        let simulator = Simulator(store: store)
        var start = DeviceWindowStart.first
        var done = 0
        while done < count {
            let window = try store.deviceWindow(DeviceQuery(sort: .lastCheckIn), start: start, limit: min(1000, count - done))
            guard let last = window.rows.last else { break }
            for device in window.rows {
                try simulator.checkIn(deviceId: device.id, by: BenchTenants.creator)
                done += 1
            }
            start = .after(DeviceListKey(last, sort: .lastCheckIn))
        }
        return done
    }

    // MARK: a bulk sync

    struct BulkFigure {
        var devices: Int
        var seconds: Double
        var writesSeen: Int
        var throttled: Int
        var summary: String
        /// The writes over what the limit allows in the 20-s windows the run spanned.
        var windowFill: Double
    }

    /// `run sync --ids-from` of `count` devices of the mirror, by the signed-in operator.
    func bulkSync(count: Int, service: Service, mirror: String, state: String) throws -> BulkFigure {
        let store = try TenantStore(path: mirror)
        let ids = try store.deviceWindow(DeviceQuery(), start: .first, limit: count).rows.map(\.id)
        try store.close()
        let idsPath = folder + "/team-ids-\(UUID().uuidString).txt"
        try ids.joined(separator: "\n").write(toFile: idsPath, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: idsPath) }
        let before = service.requests().count
        let started = Date()
        let result = try runConsole(["--db", mirror, "--as", Self.operatorUPN, "run", "sync", "--ids-from", idsPath, "--yes"],
                                    environment: ["XDG_STATE_HOME": state])
        let seconds = Date().timeIntervalSince(started)
        let lines = service.requests().dropFirst(before)
        let writes = lines.filter { $0.contains("POST /") && $0.contains("/syncDevice ") }
        let throttled = lines.filter { $0.contains(" 429 ") }.count
        let summary = result.output.split(separator: "\n").first { $0.hasPrefix("sync, bulk run") }.map(String.init) ?? result.output
        // 3: some devices were greyed (said in the summary); anything else is the bench's failure.
        guard result.status == 0 || result.status == 3 else { throw BenchError("run sync exited \(result.status): \(result.output.suffix(400))") }
        let accepted = writes.filter { $0.contains(" 204 ") || $0.contains(" 200 ") }.count
        let windows = max(1, (seconds / GraphBudget.window).rounded(.up))
        let fill = Double(accepted) / (windows * Double(GraphBudget.applicationWrites))
        return BulkFigure(devices: ids.count, seconds: seconds, writesSeen: writes.count, throttled: throttled, summary: summary, windowFill: fill)
    }
}
