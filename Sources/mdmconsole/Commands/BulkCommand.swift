import ArgumentParser
import Foundation
import MDMCore

/// `mdmconsole bulk`: past bulk runs and their results, and the tenant's cap.
struct BulkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulk", abstract: "Bulk runs: list them, show one's results, the cap per run (bulk.max).",
        subcommands: [List.self, Show.self, Max.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "The last bulk runs, newest first (the default).")
        @OptionGroup var global: GlobalOptions
        func run() throws {
            try reporting {
                var table = TextTable([("Id", 36), ("Action", 22), ("By", 26), ("Started", 16), ("State", 17), ("Taken", 6), ("Greyed", 6), ("Denied", 6), ("Failed", 6), ("Of", 7)])
                for run in try BulkRuns(store: try global.openStore()).runs() {
                    // A run still `running` with no process is one that was killed: its results say how far it got.
                    table.add([run.id, run.action.rawValue, run.operatorUPN, DateText.short(run.startedAt), run.state == "running" ? "running or killed" : run.state,
                               String(run.counts[.taken] ?? 0), String(run.counts[.greyed] ?? 0), String(run.counts[.denied] ?? 0),
                               String(run.counts[.failed] ?? 0), String(run.total)])
                }
                print(table.render())
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "One run's result per device, in the order taken.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The run's id (bulkDeviceActionId).") var id: String
        @Option(help: "Only this result: taken, greyed, denied, failed.") var result: String?
        @Flag(help: "One JSON object per device (JSON Lines).") var json = false
        func run() throws {
            try reporting {
                let filter = try result.map { text in
                    guard let value = BulkResult(rawValue: text.lowercased()) else {
                        throw Failure("--result \(text): expected taken, greyed, denied or failed", code: Failure.usage)
                    }
                    return value
                }
                let runs = BulkRuns(store: try global.openStore())
                guard try runs.runs(limit: 1_000_000).contains(where: { $0.id == id }) else {
                    throw Failure("no bulk run \(id) (see `mdmconsole bulk list`)", code: Failure.usage)
                }
                let lines = try runs.results(id, result: filter)
                if json {
                    let output = BufferedOutput()
                    for line in lines {
                        output.json(BulkRun.Line(id: line.deviceId, deviceName: line.deviceName, result: line.result.rawValue, rule: line.rule, reason: line.reason))
                    }
                    output.flush()
                    return
                }
                var table = TextTable([("Result", 7), ("Device", 36), ("Rule", 5), ("Reason", 60)])
                for line in lines { table.add([line.result.rawValue, line.deviceName, line.rule ?? "", line.reason]) }
                print(table.render())
            }
        }
    }

    struct Max: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "max", abstract: "The most devices one bulk run may take; with N, set it (Administrators only; audited).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The new cap.") var value: Int?
        func run() throws {
            try reporting {
                let settings = BulkSettings(store: try global.openStore())
                if let value {
                    do { try settings.setMax(value, by: global.resolvedOperator) } catch let error as BulkSettingError {
                        if case .invalid = error { throw Failure(error.description, code: Failure.usage) }
                        throw Failure(error.description, code: Failure.greyed)
                    }
                }
                print("bulk.max: \(try settings.max())")
            }
        }
    }
}
