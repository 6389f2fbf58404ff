import ArgumentParser
import Foundation
import MDMCore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import devices from Microsoft Graph managedDevice JSON or the portal's All devices CSV.",
        discussion: """
            The whole file is checked before anything is written; a file with any problem is refused \
            (exit 4) with every problem listed by line (CSV) or JSON path, and the store is left as it was. \
            Administrators only. A --db that does not exist yet becomes a tenant holding just these devices.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The file to import.") var file: String
    @Option(help: "The file's format (default: guessed from the content).") var format: ImportFormat?
    @Flag(help: "The tenant's devices become exactly the file's: devices not in it are removed.") var replace = false

    func run() throws {
        try reporting {
            let chosen = format
            let path = global.resolvedDatabasePath
            let isNew = !FileManager.default.fileExists(atPath: path)
            // The file is checked whole before the store is opened for writing at all.
            let now = isNew ? DemoDefaults.now() : try TenantStore.peekClock(path: path)
            let store: TenantStore?
            let bar = ProgressBar()
            let summary: InventoryImport.Summary
            let imported: Int
            let format: ImportFormat
            var graph = try GraphFileImport(file: file)
            if chosen == .graph || (chosen == nil && graph.looksLikeGraph) {
                // Graph JSON streams: checked in a first pass, written in a second, never held.
                format = .graph
                try graph.check(now: now)
                imported = graph.count
                store = isNew ? nil : try global.openStore()
                let progress = Self.progress(bar, count: imported)
                if let store {
                    summary = try graph.apply(replace: replace, to: store, by: global.resolvedOperator, progress: progress)
                } else {
                    summary = try graph.createTenant(at: path, creator: global.resolvedOperator, creatorLogin: global.creatorLogin,
                                                     now: now, progress: progress)
                }
            } else {
                let bytes = try InventoryImport.load(file)
                let (readFormat, devices) = try InventoryImport.read(bytes, file: file, format: chosen, now: now)
                format = readFormat
                imported = devices.count
                store = isNew ? nil : try global.openStore()
                let progress = Self.progress(bar, count: imported)
                if let store {
                    summary = try InventoryImport.apply(devices, format: format, file: file, replace: replace, to: store,
                                                        by: global.resolvedOperator, progress: progress)
                } else {
                    summary = try InventoryImport.createTenant(at: path, devices: devices, format: format, file: file,
                                                               creator: global.resolvedOperator, creatorLogin: global.creatorLogin,
                                                               now: now, progress: progress)
                }
            }
            bar.finish()
            var parts = ["\(summary.added) added", "\(summary.updated) updated"]
            if replace { parts.append("\(summary.removed) removed") }
            print("Imported \(imported) devices from \(file) (\(format == .graph ? "Graph JSON" : "portal CSV")): \(parts.joined(separator: ", ")).")
            if summary.keptPendingState > 0 {
                print("\(summary.keptPendingState) devices keep their pending retire or wipe state (R13): the console's open action still waits for a check-in.")
            }
            if isNew { print("Created a new tenant at \(path); \(global.resolvedOperator) is its Administrator.") }
        }
    }

    /// A bar for big files only.
    static func progress(_ bar: ProgressBar, count: Int) -> (Double) -> Void {
        { fraction in if count > 5_000 { bar.show("importing", fraction) } }
    }
}
