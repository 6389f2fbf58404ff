import ArgumentParser
import Foundation
import MDMCore

struct DevicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "devices", abstract: "The All devices list.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only devices whose name, user, email, serial or model contains this.") var search: String?
    @Option(help: "Only this platform.") var platform: Platform?
    @Option(help: "Sort by.") var sort: DeviceQuery.SortKey = .name
    @Flag(help: "Output JSON.") var json = false
    @Flag(help: "Output the portal's All devices CSV (imports back with `mdmconsole import`).") var csv = false
    @Flag(help: "With --csv: keep cells that start with = + - @ as they are (by default they are written behind an apostrophe, so a spreadsheet shows them as text, never runs them).")
    var raw = false

    func run() throws {
        try reporting {
            var query = DeviceQuery(search: search ?? "")
            query.platform = platform
            query.sort = sort
            if json && csv { throw Failure("--json and --csv: choose one", code: Failure.usage) }
            if raw && !csv { throw Failure("--raw goes with --csv", code: Failure.usage) }
            let store = try global.openStore()
            // Only the devices the operator's scope tags show, in every format and in the count.
            query.scope = try store.scope(of: global.resolvedOperator)
            if csv {
                // Streamed a window at a time: a million-device export in flat memory.
                let output = BufferedOutput()
                output.write(PortalCSV.headerLine)
                try store.forEachDevice(query) { output.write(PortalCSV.line($0, raw: raw)) }
                return output.flush()
            }
            if json {
                // Streamed like the CSV: the same document as encoding the whole list at once,
                // written by hand (DeviceJSONWriter), a whole device at a time.
                return try BufferedOutput().writeJSONList(DeviceJSONWriter.self) { emit in
                    try store.forEachDevice(query, columns: .withoutAppsAndInventory) { emit(DeviceWire($0)) }
                }
            }
            var table = StreamingTable([("Device name", 40), ("Managed by", 28), ("Ownership", 9), ("Compliance", 13),
                                        ("OS", 7), ("OS version", 15), ("Primary user", 32), ("Last check-in", 16), ("Id", 36)])
            var listed = 0
            try store.forEachDevice(query) { device in
                table.add([device.name, device.managedByDescription, device.ownership.displayName,
                           device.complianceState.displayName, device.platform.displayName, device.osVersion,
                           device.primaryUserUPN, DateText.short(device.lastCheckInAt), device.id])
                listed += 1
            }
            table.finish()
            var everyVisible = DeviceQuery()
            everyVisible.scope = query.scope
            print("\(listed) of \(try store.deviceCount(everyVisible)) devices")
        }
    }
}
