import ArgumentParser
import Dispatch
import Foundation
import GraphClient
import MDMCore

/// `mdmconsole sync`: bring the mirror of a connected tenant up to date.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Mirror a connected tenant's devices, action results and audit events from its service.",
        discussion: """
            Between full listings (every --full-every, 1h by default) a sync asks only what changed: the devices that \
            checked in since the newest check-in mirrored, and those the service's new audit events name. A full listing \
            finds the devices the service removed. One process of a store syncs at a time (the store's sync lease): \
            while another holds it, this says so and exits 0.
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "List every device now, whenever the last full listing was.") var full = false
    @Option(help: ArgumentHelp("List every device when the last full listing is this old (default 1h; 0s: always).", valueName: "duration"))
    var fullEvery = "1h"

    func run() throws {
        try reporting {
            let store = try global.openStore()
            guard let source = try store.source() else {
                throw Failure("\(global.resolvedDatabasePath) is a simulated tenant: nothing to sync (see `mdmconsole connect`)", code: Failure.usage)
            }
            guard let every = DateParsing.duration(fullEvery) ?? (fullEvery == "0s" || fullEvery == "0" ? 0 : nil) else {
                throw Failure("--full-every \(fullEvery): expected a duration (for example 1h, 30m, 0s)", code: Failure.usage)
            }
            let http = GraphHTTP()
            defer { _ = try? blocking { await http.shutdown() } }
            try Self.sync(store: store, source: source, http: http, fullListing: full ? .now : .every(every))
        }
    }

    enum FullListing { case now, every(TimeInterval) }

    static func sync(store: TenantStore, source: GraphSource, http: GraphHTTP, fullListing: FullListing = .now) throws {
        let connection = GraphConnection(source: source, http: http, budget: GraphBudget(store: store))
        var sync = MirrorSync(connection: connection, store: store)
        switch fullListing {
        case .now: sync.forcesFullListing = true
        case .every(let interval): sync.fullListingEvery = interval > 0 ? interval : nil
        }
        let configured = sync
        let bar = ProgressBar()
        let started = Date()
        do {
            let tally = try blocking {
                await connection.setOnWait { seconds, why in bar.note("\(why): waiting \(Int(seconds)) s") }
                return try await configured.run { progress in
                    let total = progress.expected > 0 ? " of about \(progress.expected)" : ""
                    bar.show("sync", progress.expected > 0 ? Double(progress.devices) / Double(progress.expected) : 0,
                             detail: "\(progress.phase): \(progress.devices) devices\(total), \(progress.pages) pages")
                }
            }
            bar.finish()
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
            if tally.incremental {
                print("Synced what changed: \(tally.staged) devices read (\(tally.added) new, \(tally.changed) changed, \(tally.removed) removed) and \(tally.auditEvents) new audit events in \(seconds) s; every device is listed at the next full listing (`sync --full` now).")
            } else {
                print("Synced \(tally.added + tally.changed + tally.unchanged) devices (\(tally.added) new, \(tally.changed) changed, \(tally.removed) removed) and \(tally.auditEvents) new audit events in \(seconds) s.")
            }
            for (why, count) in tally.skipped.sorted(by: { $0.key < $1.key }) {
                print("Not mirrored: \(count) devices of \(why) (the console cannot model them).")
            }
            if let unavailable = try store.mirrorStatus().auditUnavailable { print(unavailable) }
        } catch let held as SyncLease.Held {
            // From cron beside open consoles: the store is being brought up to date already.
            bar.finish()
            print("Not needed: \(held.description). The mirror is being brought up to date by it.")
        } catch let error as SignInError {
            bar.finish()
            throw Failure("sync failed, the mirror is as it was: \(error.message)", code: Failure.failed)
        } catch {
            bar.finish()
            throw Failure("sync failed, the mirror keeps its last good state: \(error)", code: Failure.failed)
        }
    }
}
