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
            let bytes = try InventoryImport.load(file)
            let (format, devices) = try InventoryImport.read(bytes, file: file, format: chosen, now: now)
            let store = isNew ? nil : try global.openStore()
            let bar = ProgressBar()
            let showProgress = devices.count > 5_000
            let progress: (Double) -> Void = { fraction in if showProgress { bar.show("importing", fraction) } }
            let summary: InventoryImport.Summary
            if let store {
                summary = try InventoryImport.apply(devices, format: format, file: file, replace: replace, to: store,
                                                    by: global.resolvedOperator, progress: progress)
            } else {
                summary = try InventoryImport.createTenant(at: path, devices: devices, format: format, file: file,
                                                           creator: global.resolvedOperator, creatorLogin: global.creatorLogin,
                                                           now: now, progress: progress)
            }
            bar.finish()
            var parts = ["\(summary.added) added", "\(summary.updated) updated"]
            if replace { parts.append("\(summary.removed) removed") }
            print("Imported \(devices.count) devices from \(file) (\(format == .graph ? "Graph JSON" : "portal CSV")): \(parts.joined(separator: ", ")).")
            if summary.keptPendingState > 0 {
                print("\(summary.keptPendingState) devices keep their pending retire or wipe state (R13): the console's open action still waits for a check-in.")
            }
            if isNew { print("Created a new tenant at \(path); \(global.resolvedOperator) is its Administrator.") }
        }
    }
}
