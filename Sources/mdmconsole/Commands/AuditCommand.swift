import ArgumentParser
import Foundation
import MDMCore

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "The audit log, newest first (R18).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Actor UPN (or part of it).") var actor: String?
    @Option(help: "Activity (or part of it), e.g. wipe, \"retire ManagedDevice\".") var activity: String?
    @Option(help: "A device id, or part of a device name.") var device: String?
    @Option(help: ArgumentHelp("From this date (ISO 8601).", valueName: "date")) var since: String?
    @Option(help: ArgumentHelp("Up to this date (ISO 8601; a bare date includes the whole day).", valueName: "date")) var until: String?
    @Flag(help: "Output JSON.") var json = false
    @Flag(help: "Output CSV.") var csv = false

    func run() throws {
        try reporting {
            if json && csv { throw Failure("--json and --csv: choose one", code: Failure.usage) }
            let store = try global.openStore()
            let query = AuditQuery(actor: actor, activity: activity, device: device,
                                   since: try since.map { try parse($0, option: "--since") },
                                   until: try until.map { try parse($0, option: "--until", endOfDay: true) })
            let entries = try store.auditEntries(query)
            if json { return try JSONOutput.print(entries.map(AuditEntryWire.init)) }
            if csv {
                print(CSVOutput.line(["id", "activityDateTime", "activity", "activityResult", "actor", "actorType",
                                      "targetDeviceId", "targetDeviceName", "actionId", "modifiedProperties"]))
                for entry in entries {
                    let changes = entry.changedProperties.map { "\($0.name): \($0.oldValue) -> \($0.newValue)" }.joined(separator: "; ")
                    print(CSVOutput.line([String(entry.id), DateText.iso(entry.time), entry.activity, entry.result.rawValue,
                                          entry.actor, entry.actorType.rawValue, entry.deviceId ?? "", entry.deviceName ?? "",
                                          entry.actionId ?? "", changes]))
                }
                return
            }
            var table = TextTable([("Time", 16), ("Activity", 36), ("Result", 8), ("Initiated by", 30), ("Device", 40)])
            for entry in entries {
                table.add([DateText.short(entry.time), entry.activity, entry.result.rawValue, entry.actor, entry.deviceName ?? ""])
            }
            print(table.render())
            print("\(entries.count) entr\(entries.count == 1 ? "y" : "ies")")
        }
    }

    func parse(_ text: String, option: String, endOfDay: Bool = false) throws -> Date {
        guard let date = DateParsing.iso(text) else {
            throw Failure("\(option): \"\(text)\" is not an ISO 8601 date (for example 2026-11-24 or 2026-11-24T09:00:00Z)", code: Failure.usage)
        }
        // A bare day as an upper bound means "through the end of that day".
        if endOfDay, text.count == 10 { return date.addingTimeInterval(RuleDurations.day - 0.001) }
        return date
    }
}
