import ArgumentParser
import Foundation
import MDMCore

/// `swift run -c release mdmconsole-bench`: builds (once) a big demo tenant and prints the
/// console's figures on it, each as median and p95 over repeated runs, against its target.
@main
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mdmconsole-bench",
        abstract: "Measure the console on a generated big tenant (first frame, typing, scrolling, memory, bytes).")

    @Option(help: "Devices in the tenant measured.") var devices = 1_000_000
    @Option(help: "Older audit entries in it.") var auditEntries = 10_000_000
    @Option(help: "Repeated runs per figure.") var runs = 20
    @Option(help: "Where generated tenants are kept and reused.") var folder = NSTemporaryDirectory() + "mdmconsole-bench"
    @Option(help: "Tenant sizes (devices) whose peak memory is compared; each gets 10 audit entries per device.")
    var memorySizes = "10000,100000,1000000"
    @Flag(help: "Skip the memory comparison (it builds a tenant per size).") var skipMemory = false
    @Flag(help: "Skip the bytes written to a pseudo-terminal.") var skipTerminal = false
    @Flag(help: "Skip the Graph endpoint over loopback.") var skipServe = false
    @Option(help: "Tenant sizes (devices) mirrored through Graph from serve by connect (time, peak memory); empty skips.")
    var syncSizes = "100000,1000000"
    @Option(help: "Filter words to type, comma-separated (default: last names taken from the tenant).") var words: String?
    @Option(name: .customLong("probe-memory"), help: .hidden) var probeMemory: String?
    @Option(name: .customLong("probe-bulk-memory"), help: .hidden) var probeBulkMemory: String?
    @Flag(help: "Skip bulk actions (preview, a bulk sync of 10k, memory).") var skipBulk = false
    /// Runs only the previews, over and over, for a profiler (`perf record`) to watch.
    @Option(name: .customLong("profile-previews"), help: .hidden) var profilePreviews: Int?
    @Flag(help: "Only the audit log's figures (filter keystrokes, counts, paging), then stop.") var auditOnly = false
    @Flag(help: "Skip the upgrade of a store made before the search indexes (the tenant is upgraded again in place).") var skipUpgrade = false
    @Flag(help: "Only the upgrade's figures, then stop.") var upgradeOnly = false
    @Flag(help: "Only the device filter's keystrokes, then stop.") var typingOnly = false
    @Option(help: "Graph JSON files of these sizes (devices) generated and imported into a new tenant (time, peak memory); empty skips.")
    var importSizes = "100000,1000000"

    @Option(help: "Devices of the tenant a help desk shares (consoles on one mirror, a bulk sync); 0 skips.") var teamDevices = 100_000
    @Option(help: "How many consoles share that mirror, one measurement each.") var teamConsoles = "1,5,20"
    @Option(help: "Seconds each measurement of consoles lasts.") var teamSeconds = 60.0
    @Option(help: "Devices of the bulk sync on the connected tenant.") var teamBulk = 1000
    @Option(help: "Devices of the tenant whose later syncs are timed (nothing changed, 1% changed); 0 skips.")
    var laterSyncDevices = 1_000_000
    @Flag(help: "Only the help desk's figures (consoles on one mirror, later syncs, a bulk sync), then stop.") var teamOnly = false

    /// Opening the tenant as a store made before the search indexes (v9, v10) would be opened.
    func upgradeFigures(_ path: String, into report: inout Report) throws {
        report.section("Opening a store that needs migrations v9 and v10 (the search indexes), with its progress")
        let upgrade = try UpgradeTimings.measure(path: path)
        report.note(String(format: "upgrade: %.1f s, %d progress reports, the percentage still for %.1f s at most; rising throughout: %@; reached 100%%: %@",
                           upgrade.seconds, upgrade.reports, upgrade.longestStill, upgrade.steadilyRising ? "yes" : "NO", upgrade.reachedEnd ? "yes" : "NO"))
        for (migration, start) in upgrade.steps { report.note(String(format: "  from %6.1f s: %@", start, String(migration.prefix(60)))) }
    }

    /// Typing in the audit log's filter, keystroke by keystroke.
    func auditFigures(_ timings: ConsoleTimings, into report: inout Report) throws {
        let auditTyping = try timings.auditTyping()
        report.figure("audit filter keystroke, \"actor:rossi\"", auditTyping.actor, target: 16)
        report.figure("audit filter keystroke, a word found nowhere", auditTyping.missing, target: 16)
        report.figure("audit filter keystroke, \"device:LEGACY-0001\"", auditTyping.device, target: 16)
    }

    mutating func run() throws {
        // Its tenants are made as the console makes stores (0600): a store others could read
        // would have the console print a warning, counted in the terminal bytes.
        umask(0o077)
        if let probeMemory { return try MemoryProbe.run(path: probeMemory) }
        if let probeBulkMemory { return try BulkTimings.runProbe(probeBulkMemory) }
        let tenants = BenchTenants(folder: folder)
        if teamOnly {
            var report = Report()
            return try teamFigures(tenants, into: &report)
        }
        let path = try tenants.tenant(devices: devices, auditEntries: auditEntries)
        let store = try TenantStore(path: path)
        let deviceCount = try store.deviceCount()
        let entryCount = try store.auditWindow(AuditQuery(), start: .first, limit: 1, counting: true).count?.value ?? 0
        try store.close()
        let file = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        var report = Report()
        report.note("mdmconsole-bench: \(devices) devices requested, \(deviceCount) in the tenant, \(entryCount) audit entries, "
            + String(format: "%.2f GB file; %d runs; %d cores", Double(size) / 1e9, runs, ProcessInfo.processInfo.activeProcessorCount))
        report.note("tenant: \(path)")

        if let profilePreviews { return try BulkTimings.profile(path: path, times: profilePreviews, creator: BenchTenants.creator) }
        let timings = ConsoleTimings(path: path, runs: runs)
        if upgradeOnly { return try upgradeFigures(path, into: &report) }
        if auditOnly {
            report.section("The audit log, rendered into the cell grid at 80x24 (no terminal)")
            try auditFigures(timings, into: &report)
            return
        }
        report.section("Console, rendered into the cell grid at 80x24 (no terminal)")
        report.figure("first frame (open store → grid)", try timings.firstFrame(), target: 250)
        // Users' names, a model found on many devices (common trigrams) and a word found nowhere (rare ones).
        let words = try self.words.map { $0.split(separator: ",").map(String.init) } ?? (timings.words(count: 6) + ["iphone", "zqxwvk"])
        report.note("filter words: \(words.joined(separator: ", "))")
        let typing = try timings.typing(words)
        for (index, samples) in typing.byLength.enumerated() {
            report.figure("keystroke → frame, \(index + 1) character\(index == 0 ? "" : "s") typed", samples, target: 16)
        }
        report.note("  slowest keystrokes: \(typing.slowest)")
        if typingOnly { return }
        report.figure("exact count, 1-character filter (background)", typing.firstCharacterCount)
        report.note("  (\(typing.estimated) of \(runs) first-character frames showed an estimated count while it ran)")
        let scrolling = try timings.scrolling(pages: 100)
        report.figure("page down, All devices", scrolling.list, target: 30)
        report.figure("End (last device, exact count)", scrolling.listEnd)
        report.figure("page down, audit log", scrolling.audit, target: 30)
        report.figure("End (oldest audit entry, exact count)", scrolling.auditEnd)
        try auditFigures(timings, into: &report)

        report.section("The same search in the sqlite3 shell")
        let comparison = try SQLiteShellComparison(path: path, runs: max(5, runs / 2)).compare(search: words[0])
        report.figure("console: first window + count for \"\(words[0])\"", comparison.console)
        report.figure("sqlite3 shell: the same \(comparison.statements.count) statements", comparison.shell)
        if comparison.shell.median < 0.2 {
            // Below the noise of timing a process: the tenant is too small to compare.
            report.note("ratio console / sqlite3: not meaningful, the shell's time is below the noise of timing a process")
        } else {
            let ratio = comparison.console.median / comparison.shell.median
            report.note(String(format: "ratio console / sqlite3 (medians): %.2f   target ≤ 1.5: %@", ratio, ratio <= 1.5 ? "met" : "MISSED"))
        }

        if !skipMemory {
            report.section("Peak resident memory of a session (start, filter, 200 pages, End, audit log likewise)")
            var peaks: [(Int, Double)] = []
            for size in memorySizes.split(separator: ",").compactMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
                let tenant = size == devices ? path : try tenants.tenant(devices: size, auditEntries: size * 10)
                let peak = try MemoryProbe.measure(path: tenant)
                peaks.append((size, peak))
                report.note(String(format: "%9d devices: %7.1f MiB", size, peak))
            }
            if let smallest = peaks.first, let largest = peaks.last, peaks.count > 1 {
                let ratio = largest.1 / smallest.1
                report.note(String(format: "ratio %d / %d devices: %.2f   target ≤ 2: %@", largest.0, smallest.0, ratio, ratio <= 2 ? "met" : "MISSED"))
            }
        }

        if !skipServe {
            report.section("The Graph endpoint (mdmconsole serve) over loopback")
            if let serve = try ServeTimings.start(path: path, runs: runs, creator: BenchTenants.creator) {
                let figures = try serve.measure()
                report.figure("1000 devices by nextLink (HTTP)", figures.page)
                report.figure("the same rows, read in-process", figures.inProcess)
                let ratio = figures.page.median / max(0.001, figures.inProcess.median)
                report.note(String(format: "ratio HTTP / in-process (medians): %.2f   target ≤ 3: %@", ratio, ratio <= 3 ? "met" : "MISSED"))
                report.figure("a page of 1000 audit events", figures.audit)
                report.figure("contains(deviceName,'iPhone'), first 1000", figures.filtered)
                report.note("64 keep-alive clients, 8 s, pages of 10 devices: " + (figures.wrk ?? "skipped (install wrk)"))
                if let peak = figures.serverPeakMiB { report.note(String(format: "server peak resident memory: %.1f MiB", peak)) }
            } else {
                report.note("skipped: build the console first (swift build -c release) beside the bench")
            }
        }

        if !skipBulk {
            report.section("Bulk actions")
            let small = try tenants.tenant(devices: 10_000, auditEntries: 100_000)
            let bulk = try BulkTimings.measure(bigTenant: path, smallTenant: small, folder: folder, runs: runs, creator: BenchTenants.creator)
            // The target is for 100,000 devices: the whole-filter mark's time is scaled to that many.
            report.figure("preview of a whole-filter mark: \(bulk.previewLabel) (\(bulk.previewCount))", bulk.preview,
                          target: 300 * Double(bulk.previewCount) / 100_000)
            report.figure("preview of \(bulk.idsCount) devices marked one by one", bulk.idsPreview, target: 300 * Double(bulk.idsCount) / 100_000)
            let rate = Double(bulk.syncTaken) / max(0.001, bulk.syncSeconds)
            // No target (docs/performance.md says why): bulk.max caps a run at 1,000 devices, about a
            // second here, and on a real tenant the service's 10 writes a second decide.
            report.note(String(format: "bulk sync of a 10k tenant: %d taken in %.1f s: %.0f devices/s, every audit entry chained",
                               bulk.syncTaken, bulk.syncSeconds, rate))
            if let low = bulk.peaks.first, let high = bulk.peaks.last {
                report.note(String(format: "peak memory of a preview, %d / %d marked: %.1f / %.1f MiB (%.2f×)   target: flat", low.0, high.0, low.1, high.1, high.1 / low.1))
            }
        }

        let importSizes = importSizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        if !importSizes.isEmpty {
            report.section("mdmconsole import of a Graph JSON file into a new tenant (streamed: checked, then written)")
            let figures = try ImportTimings.measure(sizes: importSizes, folder: folder)
            if figures.isEmpty { report.note("skipped: build the console first (swift build -c release) beside the bench") }
            for figure in figures {
                report.note(String(format: "%9d devices, %7.1f MiB file: %6.1f s, peak %6.1f MiB   target ≤ 200 MiB at any size: %@",
                                   figure.devices, figure.fileMiB, figure.seconds, figure.peakMiB, figure.peakMiB <= 200 ? "met" : "MISSED"))
            }
            let small = try tenants.tenant(devices: 10_000, auditEntries: 100_000)
            var exportSeconds: [String: Double] = [:]
            for format in ["--json", "--csv"] {
                if let large = try ImportTimings.listing(tenant: path, arguments: [format]),
                   let little = try ImportTimings.listing(tenant: small, arguments: [format]) {
                    exportSeconds[format] = large.seconds
                    report.note(String(format: "devices %@: %d devices %.1f s, peak %.1f MiB; 10k devices peak %.1f MiB (%.2f×)   target: flat",
                                       format, deviceCount, large.seconds, large.peakMiB, little.peakMiB, large.peakMiB / max(0.1, little.peakMiB)))
                }
            }
            if let json = exportSeconds["--json"], let csv = exportSeconds["--csv"] {
                // Single runs of a long export: ±10% between runs on this machine.
                report.note(String(format: "devices --json / --csv: %.2f×   target ≤ 1 (within the noise of one run): %@", json / csv, json <= csv * 1.1 ? "met" : "MISSED"))
            }
            if let json = exportSeconds["--json"], let shell = try ExportTimings.shellJSON(tenant: path) {
                report.note(String(format: "the sqlite3 shell's -json of the same columns: %.1f s; devices --json / shell: %.2f×   target ≤ 2: %@",
                                   shell, json / shell, json <= shell * 2 ? "met" : "MISSED"))
            }
        }

        let syncSizes = syncSizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        if !syncSizes.isEmpty {
            report.section("A tenant mirrored through Graph: serve → connect over loopback (sign-in, every device, audit events)")
            if SyncTimings.binary() == nil { report.note("skipped: build the console first (swift build -c release) beside the bench") }
            for size in syncSizes where SyncTimings.binary() != nil {
                let tenant = size == devices ? path : try tenants.tenant(devices: size, auditEntries: size * 10)
                guard let figures = try SyncTimings.measure(path: tenant, folder: folder, creator: BenchTenants.creator) else { continue }
                report.note(String(format: "%9d devices: %6.1f s, peak %6.1f MiB   targets (1M): < 300 s, < 200 MiB   %@",
                                   figures.devices, figures.seconds, figures.peakMiB, figures.summary))
                if size == syncSizes.last {
                    let mirrorTimings = ConsoleTimings(path: figures.mirror, runs: runs)
                    report.figure("first frame on the mirror (\(figures.devices) devices)", try mirrorTimings.firstFrame(), target: 250)
                    let mirrorTyping = try mirrorTimings.typing(try mirrorTimings.words(count: 4))
                    for (index, samples) in mirrorTyping.byLength.enumerated() where index < 4 {
                        report.figure("keystroke → frame on the mirror, \(index + 1) typed", samples, target: 30)
                    }
                }
                try? FileManager.default.removeItem(atPath: figures.mirror)
                for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: figures.mirror + suffix) }
            }
        }

        try teamFigures(tenants, into: &report)

        if !skipTerminal {
            report.section("Bytes ncurses writes to an 80x24 pseudo-terminal (TERM=xterm-256color)")
            if let terminal = TerminalBytes.locate() {
                let bytes = try terminal.measure(path: path, runs: 5)
                report.figure("first frame", bytes.first, unit: "B")
                report.figure("cursor move (j)", bytes.move, target: 240, unit: "B")
                report.figure("page down", bytes.page, unit: "B")
            } else {
                report.note("skipped: build the console first (swift build -c release) and run from the repository root")
            }
        }
        // Last: it rebuilds the tenant's search indexes, whose pages are then cold.
        if !skipUpgrade { try upgradeFigures(path, into: &report) }
    }

    /// A help desk on one connected tenant: the service's requests with 1, 5, 20 consoles on one
    /// mirror, later syncs of a big tenant, a bulk sync against the service's write limit.
    func teamFigures(_ tenants: BenchTenants, into report: inout Report) throws {
        guard teamDevices > 0 || laterSyncDevices > 0 else { return }
        report.section("A help desk on one tenant: serve --throttle service as the service, a mirror made by connect")
        guard let team = TeamTimings.make(folder: folder) else {
            return report.note("skipped: build the console first (swift build -c release) beside the bench")
        }
        let state = folder + "/team-state-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: state) }
        if teamDevices > 0 {
            // A tenant of the help desk's own: the bulk sync changes it.
            let served = try tenants.tenant(devices: teamDevices, auditEntries: teamDevices)
            let service = try team.startService(path: served)
            defer { service.stop(); try? FileManager.default.removeItem(atPath: service.logPath) }
            let (mirror, seconds) = try team.connect(service, state: state)
            defer { TeamTimings.remove(store: mirror) }
            report.note(String(format: "first sync of %d devices: %.1f s", teamDevices, seconds))
            if TeamTimings.tmuxBinary() == nil {
                report.note("consoles: skipped (install tmux: each console runs in a terminal of its own)")
            } else {
                var one: Double?
                for count in teamConsoles.split(separator: ",").compactMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
                    let rate = try team.requestsPer20Seconds(consoles: count, service: service, mirror: mirror, state: state, seconds: teamSeconds)
                    one = one ?? rate
                    let ratio = rate / max(0.1, one!)
                    report.note(String(format: "%2d console%@ on one %d-device mirror, --sync-every 20s: %5.1f requests per 20 s (%.2f× one)   target: the same as one: %@",
                                       count, count == 1 ? " " : "s", teamDevices, rate, ratio, ratio <= 1.5 ? "met" : "MISSED"))
                }
            }
            try team.signIn(service, mirror: mirror, served: served, state: state)
            let bulk = try team.bulkSync(count: teamBulk, service: service, mirror: mirror, state: state)
            report.note(String(format: "bulk sync of %d devices by a signed-in operator: %.1f s, %.1f writes/s sent; %d syncDevice requests, %d answered 429 (waited out, resent)",
                               bulk.devices, bulk.seconds, Double(bulk.writesSeen) / bulk.seconds, bulk.writesSeen, bulk.throttled))
            if bulk.writesSeen > GraphBudget.applicationWrites {
                report.note(String(format: "  the write limit's 20-s windows it spanned were %.0f%% full   target ≥ 90%%: %@",
                                   bulk.windowFill * 100, bulk.windowFill >= 0.9 ? "met" : "MISSED"))
            } else {
                report.note("  within one window's write limit: the limit was never reached, so its use is not measured (--team-bulk above \(GraphBudget.applicationWrites))")
            }
            report.note("  shown to the operator: \(bulk.summary)")
        }
        if laterSyncDevices > 0 {
            let served = try tenants.tenant(devices: laterSyncDevices, auditEntries: laterSyncDevices)
            let service = try team.startService(path: served)
            defer { service.stop(); try? FileManager.default.removeItem(atPath: service.logPath) }
            let (mirror, seconds) = try team.connect(service, state: state)
            defer { TeamTimings.remove(store: mirror) }
            report.note(String(format: "first sync of %d devices: %.1f s", laterSyncDevices, seconds))
            let quiet = try team.laterSync(service, mirror: mirror, state: state)
            report.note(String(format: "later sync, nothing changed: %.1f s, %d requests   target < 10 s and < 20 requests: %@   (%@)",
                               quiet.seconds, quiet.requests, quiet.seconds < 10 && quiet.requests < 20 ? "met" : "MISSED", quiet.summary))
            let changed = try team.checkIn(fraction: 0.01, served: served)
            let busy = try team.laterSync(service, mirror: mirror, state: state)
            report.note(String(format: "later sync, %d devices (1%%) checked in: %.1f s, %d requests   (%@)", changed, busy.seconds, busy.requests, busy.summary))
        }
    }
}
