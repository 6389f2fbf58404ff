import ArgumentParser
import Dispatch
import Foundation
import GraphClient
import MDMCore

/// `mdmconsole sync`: bring the mirror of a connected tenant up to date.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Mirror a connected tenant's devices, action results and audit events from its service.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try reporting {
            let store = try global.openStore()
            guard let source = try store.source() else {
                throw Failure("\(global.resolvedDatabasePath) is a simulated tenant: nothing to sync (see `mdmconsole connect`)", code: Failure.usage)
            }
            let http = GraphHTTP()
            defer { _ = try? blocking { await http.shutdown() } }
            try Self.sync(store: store, source: source, http: http)
        }
    }

    static func sync(store: TenantStore, source: GraphSource, http: GraphHTTP) throws {
        let connection = GraphConnection(source: source, http: http)
        let bar = ProgressBar()
        let started = Date()
        do {
            let tally = try blocking {
                await connection.setOnWait { seconds, why in bar.note("\(why): waiting \(Int(seconds)) s") }
                return try await MirrorSync(connection: connection, store: store).run { progress in
                    let total = progress.expected > 0 ? " of about \(progress.expected)" : ""
                    bar.show("sync", progress.expected > 0 ? Double(progress.devices) / Double(progress.expected) : 0,
                             detail: "\(progress.phase): \(progress.devices) devices\(total), \(progress.pages) pages")
                }
            }
            bar.finish()
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
            print("Synced \(tally.added + tally.changed + tally.unchanged) devices (\(tally.added) new, \(tally.changed) changed, \(tally.removed) removed) and \(tally.auditEvents) new audit events in \(seconds) s.")
            for (why, count) in tally.skipped.sorted(by: { $0.key < $1.key }) {
                print("Not mirrored: \(count) devices of \(why) (the console cannot model them).")
            }
            if let unavailable = try store.mirrorStatus().auditUnavailable { print(unavailable) }
        } catch let error as SignInError {
            bar.finish()
            throw Failure("sync failed, the mirror is as it was: \(error.message)", code: Failure.failed)
        } catch {
            bar.finish()
            throw Failure("sync failed, the mirror keeps its last good state: \(error)", code: Failure.failed)
        }
    }
}
